import ExoSystem
import Foundation

/// A non-bare working repository driven through the real `git` CLI, as a developer would.
struct WorkRepo {
    let path: String
    let home: String

    var environment: [String: String] {
        Command.defaultEnvironment.merging([
            "HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_TERMINAL_PROMPT": "0",
            "GIT_AUTHOR_NAME": "Ann", "GIT_AUTHOR_EMAIL": "ann@example.com",
            "GIT_COMMITTER_NAME": "Ann", "GIT_COMMITTER_EMAIL": "ann@example.com",
        ]) { $1 }
    }

    init(in dir: TempDirectory, name: String = "work") throws {
        path = dir.file(name)
        home = dir.file("home")
        try Files.makeDirectory(home)
        try Command.run(["git", "init", "--quiet", "--initial-branch=master", path], environment: environment)
    }

    func write(_ relative: String, _ text: String) throws {
        let full = path + "/" + relative
        try Files.makeDirectory(Files.parentDirectory(of: full))
        try Files.atomicWrite(text, to: full)
    }

    func write(_ relative: String, bytes: [UInt8]) throws {
        try Files.atomicWrite(bytes, to: path + "/" + relative)
    }

    /// Commits everything and returns the new commit's SHA.
    @discardableResult
    func commitAll(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "--quiet", "-m", message)
        return try git("rev-parse", "HEAD").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs git; throws ProcessFailure on a non-zero exit.
    @discardableResult
    func git(_ arguments: String...) throws -> (stdout: String, stderr: String) {
        try Command.run(["git", "-C", path] + arguments, environment: environment)
    }

    /// Runs git and returns its outcome without throwing for the status.
    func gitStatus(_ arguments: String...) throws -> (stdout: String, stderr: String, status: ExitStatus) {
        let result = try Command.runCapturing(["git", "-C", path] + arguments, environment: environment)
        return (String(decoding: result.stdout, as: UTF8.self), String(decoding: result.stderr, as: UTF8.self), result.status)
    }
}
