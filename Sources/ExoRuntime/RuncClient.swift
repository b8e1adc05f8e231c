import ExoSystem
import FoundationEssentials

/// The typed client for the `runc` binary: one method per verb, argv arrays only, every failure
/// a `ProcessFailure` carrying argv, status and stderr. Knows nothing about exo.
public struct RuncClient: Sendable {
    public var binary: String
    /// `runc --root`: where runc keeps container state.
    public var root: String
    public var environment: [String: String]

    public init(binary: String = "/usr/sbin/runc", root: String, environment: [String: String] = Command.defaultEnvironment) {
        self.binary = binary
        self.root = root
        self.environment = environment
    }

    /// argv for a verb, with the global flags first.
    public func argv(_ verb: [String]) -> [String] { [binary, "--root", root] + verb }

    /// `runc run --keep --bundle B ID` in the foreground: the returned child is runc itself, whose
    /// exit status is the container's; its stdout/stderr are the container's (plus runc's errors).
    /// `--keep` leaves state and cgroups for `delete`, so the OOM counter can be read first.
    public func run(bundle: String, id: String) throws -> ChildProcess {
        try ChildProcess.spawn(argv(["run", "--keep", "--bundle", bundle, id]), environment: environment,
                               stdin: .null, stdout: .pipe, stderr: .pipe, newSession: true)
    }

    /// `runc kill ID SIGNAL`.
    public func kill(id: String, signal: Int32, all: Bool = false) throws {
        try Command.run(argv(["kill"] + (all ? ["--all"] : []) + [id, String(signal)]), environment: environment)
    }

    /// `runc delete --force ID`.
    public func delete(id: String) throws {
        try Command.run(argv(["delete", "--force", id]), environment: environment)
    }

    /// One entry of `runc list --format json` / `runc state`.
    public struct State: Sendable, Codable, Equatable {
        public var id: String
        public var pid: Int
        public var status: String
        public var bundle: String
    }

    /// `runc list --format json`.
    public func list() throws -> [State] {
        let out = try Command.run(argv(["list", "--format", "json"]), environment: environment).stdout
        let trimmed = String(out.filter { !$0.isWhitespace })
        if trimmed.isEmpty || trimmed == "null" { return [] }
        return try JSONDecoder().decode([State].self, from: Data(trimmed.utf8))
    }

    /// `runc state ID`.
    public func state(id: String) throws -> State {
        let out = try Command.run(argv(["state", id]), environment: environment).stdout
        return try JSONDecoder().decode(State.self, from: Data(out.utf8))
    }
}
