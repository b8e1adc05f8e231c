import ExoCore
import ExoSystem
import Glibc

/// The external programs the CLI drives (git, ssh), always through argv arrays.
struct Tools {
    let config: CLIConfig

    var path: String { config.environment["PATH"] ?? Command.defaultEnvironment["PATH"]! }

    /// The executable's path on PATH, like cctrl's `check_installed_rcs`.
    func find(_ name: String) -> String? {
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if access(candidate, X_OK) == 0, !Files.isDirectory(candidate) { return candidate }
        }
        return nil
    }

    /// cctrl's `is_buildpack_url_valid`: `git ls-remote URL BRANCH` (branch after `#`, default
    /// master) succeeds and lists a `refs/heads` ref.
    func isBuildpackURLValid(_ url: String) -> Bool {
        // Only the remote URLs the platform builds from are asked about: git's other transports
        // (fd::, ext::, local paths) could block or run programs.
        guard let git = find("git"), let parsed = BuildpackURLText(url), parsed.isRemote else { return false }
        let branch = parsed.branch ?? "master"
        var environment = config.environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        guard let result = try? Command.runCapturing([git, "ls-remote", parsed.url, branch], environment: environment),
              result.status == .exited(0) else { return false }
        return String(decoding: result.stdout, as: UTF8.self).contains("refs/heads")
    }

    /// Runs a program to completion with its output captured (stdin is /dev/null).
    func capture(_ argv: [String]) throws -> (stdout: String, status: Int32) {
        let result = try Command.runCapturing(argv, environment: config.environment)
        return (String(decoding: result.stdout, as: UTF8.self), result.status.code)
    }

    /// Runs a program attached to this terminal and returns its exit code (signals as 128+n).
    func runAttached(_ argv: [String], extraEnvironment: [String: String] = [:]) throws -> Int32 {
        let environment = config.environment.merging(extraEnvironment) { $1 }
        let child = try ChildProcess.spawn(argv, environment: environment, stdin: .fileDescriptor(0),
                                           stdout: .fileDescriptor(1), stderr: .fileDescriptor(2))
        return child.wait().code
    }
}

/// The working directory without Foundation's FileManager.
enum FileManagerless {
    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
