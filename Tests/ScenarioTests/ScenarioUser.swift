import ExoSystem
import Foundation

/// What a CLI run printed.
struct CLIResult: Sendable, CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String
    var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
}

/// One person using the platform: runs exoapp/exouser and git with their own config dir.
struct ScenarioUser: Sendable {
    let platform: ScenarioPlatform
    let name: String
    let email: String
    let password: String
    let home: String

    var environment: [String: String] {
        var env = Command.defaultEnvironment
        env["HOME"] = home
        env["EXO_HOME"] = home + "/.exo"
        env["EXO_API_URL"] = platform.apiURL
        env["EXO_EMAIL"] = email
        env["EXO_PASSWORD"] = password
        env["GIT_TERMINAL_PROMPT"] = "0"
        env["GIT_AUTHOR_NAME"] = name
        env["GIT_AUTHOR_EMAIL"] = email
        env["GIT_COMMITTER_NAME"] = name
        env["GIT_COMMITTER_EMAIL"] = email
        return env
    }

    @discardableResult
    func exoapp(_ arguments: String..., in directory: String? = nil) throws -> CLIResult {
        try run([ProductsDirectory.executable("exoapp")] + arguments, in: directory)
    }

    @discardableResult
    func exouser(_ arguments: String...) throws -> CLIResult {
        try run([ProductsDirectory.executable("exouser")] + arguments, in: nil)
    }

    @discardableResult
    func git(_ arguments: String..., in directory: String) throws -> CLIResult {
        try run(["git"] + arguments, in: directory)
    }

    func run(_ argv: [String], in directory: String?) throws -> CLIResult {
        let result = try Command.runCapturing(argv, environment: environment, workingDirectory: directory)
        return CLIResult(status: result.status.code, stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// Copies a sample app into a fresh git repository with one commit on `branch`.
    func checkout(of source: String, named: String, branch: String = "master") throws -> String {
        let dir = platform.root + "/\(name)-\(named)"
        try Files.copyTree(from: source, to: dir)
        try expectOK(git("init", "-q", "-b", branch, in: dir))
        try expectOK(git("add", "-A", in: dir))
        try expectOK(git("commit", "-q", "-m", "first", in: dir))
        return dir
    }

    func expectOK(_ result: CLIResult) throws {
        guard result.status == 0 else { throw ScenarioFailure("command failed: \(result)") }
    }
}
