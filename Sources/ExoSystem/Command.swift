/// Runs a program to completion and captures its output.
public enum Command {
    /// A minimal, predictable environment for tools exod runs (git, tar, runc).
    public static var defaultEnvironment: [String: String] {
        ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]
    }

    /// Runs `argv`, feeding `input` to its stdin (else /dev/null); returns stdout and stderr
    /// decoded as UTF-8. Throws `ProcessFailure` on a non-zero exit or a signal death.
    @discardableResult
    public static func run(
        _ argv: [String], environment: [String: String] = Command.defaultEnvironment,
        workingDirectory: String? = nil, input: [UInt8]? = nil
    ) throws -> (stdout: String, stderr: String) {
        let result = try runCapturing(argv, environment: environment, workingDirectory: workingDirectory, input: input)
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        guard result.status.isSuccess else {
            throw ProcessFailure(argv: argv, status: result.status.code, stderr: stderr)
        }
        return (String(decoding: result.stdout, as: UTF8.self), stderr)
    }

    /// Like `run` but never throws for the exit status: returns raw bytes and the status.
    public static func runCapturing(
        _ argv: [String], environment: [String: String] = Command.defaultEnvironment,
        workingDirectory: String? = nil, input: [UInt8]? = nil
    ) throws -> (stdout: [UInt8], stderr: [UInt8], status: ExitStatus) {
        let child = try ChildProcess.spawn(
            argv, environment: environment, workingDirectory: workingDirectory,
            stdin: input == nil ? .null : .pipe)
        // Each stream gets its own thread so a child that fills one pipe while we block on
        // another cannot deadlock us.
        let stderrBox = Locked<Result<[UInt8], any Error>>(.success([]))
        let stderrReader = JoinableThread {
            let result = Result { try child.readAllStderr() }
            stderrBox.set(result)
        }
        var writer: JoinableThread?
        if let input {
            writer = JoinableThread {
                // EPIPE here means the child stopped reading; its exit status tells the story.
                try? child.writeStdin(input)
                child.closeStdin()
            }
        }
        let stdout = Result { try child.readAllStdout() }
        stderrReader.join()
        writer?.join()
        let status = child.wait()
        let stderr = try stderrBox.get().get()
        return (try stdout.get(), stderr, status)
    }
}
