import ExoCore
import ExoSystem

extension GitClient {
    /// The variables receive-pack sets for a pre-receive hook so that the pushed objects, still in
    /// quarantine, can be read. Only these are taken from an `objectEnvironment`.
    public static let objectEnvironmentKeys: Set<String> = [
        "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_QUARANTINE_PATH",
    ]

    /// Exports the tree of commit `sha` into `dir` (created when missing): `git archive` piped into
    /// `tar -x`. Pass the pre-receive hook's `objectEnvironment` to read a commit that is still in
    /// quarantine (not yet visible in the repository).
    public func archive(repo: String, sha: String, into dir: String, objectEnvironment: [String: String] = [:]) throws {
        guard Self.isObjectName(sha) else { throw ExoError.invalid("Not a full commit SHA: \(sha)") }
        try Files.makeDirectory(dir)
        let quarantine = objectEnvironment.filter { Self.objectEnvironmentKeys.contains($0.key) }
        let gitArgv = [binary, "--git-dir=\(repo)", "archive", "--format=tar", "--end-of-options", sha]
        let tarArgv = ["tar", "-x", "--no-same-owner", "-C", dir, "-f", "-"]

        let git = try ChildProcess.spawn(gitArgv, environment: environment.merging(quarantine) { $1 })
        let gitErrors = StreamDrain.stderr(of: git)
        let tar: ChildProcess
        do {
            tar = try ChildProcess.spawn(tarArgv, environment: environment, stdin: .pipe, stdout: .null)
        } catch {
            _ = try? git.readAllStdout()  // let git finish instead of leaving it blocked on a full pipe
            _ = git.wait()
            gitErrors.join()
            throw error
        }
        let tarErrors = StreamDrain.stderr(of: tar)

        // Pump in this thread; if tar dies early, keep draining git so it exits too.
        var tarAccepts = true
        while let chunk = try git.readStdout() {
            guard tarAccepts else { continue }
            do { try tar.writeStdin(chunk) } catch { tarAccepts = false }
        }
        tar.closeStdin()
        let gitStatus = git.wait()
        let tarStatus = tar.wait()
        let gitStderr = gitErrors.finish()
        let tarStderr = tarErrors.finish()
        guard gitStatus.isSuccess else { throw ProcessFailure(argv: gitArgv, status: gitStatus.code, stderr: gitStderr) }
        guard tarStatus.isSuccess else { throw ProcessFailure(argv: tarArgv, status: tarStatus.code, stderr: tarStderr) }
    }

    /// A full hex object name (SHA-1 or SHA-256), the only revision form `archive` accepts.
    static func isObjectName(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return (bytes.count == 40 || bytes.count == 64)
            && bytes.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }
}
