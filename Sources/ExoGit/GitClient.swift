import ExoCore
import ExoSystem

/// The one typed client for the `git` binary: one method per verb, argv arrays only, and every
/// failure a `ProcessFailure` carrying argv, exit status and stderr.
public struct GitClient: Sendable {
    /// `git`, looked up in `environment["PATH"]`, or an absolute path.
    public var binary: String
    /// The environment every git call starts from (nothing is inherited from exod).
    public var environment: [String: String]

    public init(binary: String = "git", environment: [String: String] = Command.defaultEnvironment) {
        self.binary = binary
        // Keep git from prompting on a terminal or reading the operator's ~/.gitconfig.
        var environment = environment
        environment["GIT_TERMINAL_PROMPT"] = "0"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        if environment["HOME"] == nil { environment["HOME"] = "/nonexistent" }
        self.environment = environment
    }

    /// Creates a bare repository whose HEAD is `master` (the default deployment's branch) and
    /// that accepts pushes over smart HTTP. Idempotent for an existing repository.
    public func initBare(_ path: String) throws {
        try run(["init", "--quiet", "--bare", "--initial-branch=master", "--", path])
        try run(["--git-dir=\(path)", "config", "http.receivepack", "true"])
    }

    /// Writes `hooks/pre-receive` of `repo`: a two-line script that execs `hookProgram pre-receive`.
    /// The program path is validated and single-quoted, so nothing else can end up in the script.
    public func installHooks(repo: String, hookProgram: String) throws {
        let script = try HookScript.preReceive(program: hookProgram)
        let hooks = repo + "/hooks"
        try Files.makeDirectory(hooks)
        try Files.atomicWrite(script, to: hooks + "/pre-receive", mode: 0o755)
    }

    /// The full SHA of `revision` in `repo` as a commit, or nil when it does not name one.
    /// `objectEnvironment` makes a pre-receive's quarantined objects visible.
    public func revParse(repo: String, _ revision: String, objectEnvironment: [String: String] = [:]) throws -> String? {
        let argv = ["--git-dir=\(repo)", "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"]
        let result = try capture(argv, extra: objectEnvironment)
        if result.status == .exited(1) { return nil }
        try check(result, argv)
        return String(decoding: result.stdout, as: UTF8.self).trimmingNewlines()
    }

    /// Deletes `refs/heads/BRANCH` in `repo` if it exists (undeploy: the next push of the same
    /// commit is a new branch again and so builds again).
    public func deleteBranch(repo: String, branch: String) throws {
        guard try revParse(repo: repo, "refs/heads/" + branch) != nil else { return }
        try run(["--git-dir=\(repo)", "update-ref", "-d", "--", "refs/heads/" + branch])
    }

    /// The SHA that `branch` points to in the repository at `url`, or nil when the branch does not
    /// exist. Only network transports are allowed (no local paths, no `ext::`), since `url` comes
    /// from users (custom buildpack URLs).
    public func lsRemote(url: String, branch: String) throws -> String? {
        guard !url.hasPrefix("-"), !url.contains(where: { $0.isNewline || $0 == "\0" }) else {
            throw ExoError.invalid("Invalid git repository URL.")
        }
        let ref = "refs/heads/" + branch
        let argv = ["-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=30",
                    "ls-remote", "--heads", "--exit-code", "--", url, ref]
        var extra = ["GIT_PROTOCOL_FROM_USER": "0"]  // file:// and local paths need "user" permission
        extra["GIT_ALLOW_PROTOCOL"] = "http:https:git:ssh"
        let result = try capture(argv, extra: extra)
        if result.status == .exited(2) { return nil }  // --exit-code: no matching ref
        try check(result, argv)
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            if fields.count == 2, fields[1] == ref { return String(fields[0]) }
        }
        return nil
    }

    // MARK: running git

    @discardableResult
    func run(_ arguments: [String], extra: [String: String] = [:]) throws -> String {
        let argv = [binary] + arguments
        return try Command.run(argv, environment: environment.merging(extra) { $1 }).stdout
    }

    func capture(_ arguments: [String], extra: [String: String]) throws -> (stdout: [UInt8], stderr: [UInt8], status: ExitStatus) {
        try Command.runCapturing([binary] + arguments, environment: environment.merging(extra) { $1 })
    }

    func check(_ result: (stdout: [UInt8], stderr: [UInt8], status: ExitStatus), _ arguments: [String]) throws {
        guard result.status.isSuccess else {
            throw ProcessFailure(argv: [binary] + arguments, status: result.status.code,
                                 stderr: String(decoding: result.stderr, as: UTF8.self))
        }
    }
}

extension String {
    func trimmingNewlines() -> String {
        var text = self
        while let last = text.last, last.isNewline { text.removeLast() }
        return text
    }
}
