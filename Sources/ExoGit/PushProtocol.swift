/// The hook ↔ exod protocol of `POST /internal/push`: the request a pre-receive hook sends per
/// pushed ref, and the line that ends exod's streamed text answer.
public enum PushProtocol {
    public static let path = "/internal/push"
    public static let tokenHeader = "X-Exo-Internal-Token"
    public static let resultPrefix = "exo-push-result:"
    /// The last line of a push that may be accepted.
    public static let okLine = "exo-push-result: ok"
    /// The last line of a push that must be rejected.
    public static let failedLine = "exo-push-result: failed"
}

/// One pushed ref, as the hook POSTs it to exod.
public struct PushRequest: Codable, Sendable, Equatable {
    public var app: String
    /// The full ref name, e.g. "refs/heads/master".
    public var ref: String
    public var old: String
    public var new: String
    public var pusher: String
    /// The hook's GIT_OBJECT_DIRECTORY, GIT_ALTERNATE_OBJECT_DIRECTORIES and GIT_QUARANTINE_PATH:
    /// pass them to `GitClient.archive` to read the pushed, still quarantined commit.
    public var objectEnvironment: [String: String]

    public init(app: String, ref: String, old: String, new: String, pusher: String, objectEnvironment: [String: String]) {
        self.app = app
        self.ref = ref
        self.old = old
        self.new = new
        self.pusher = pusher
        self.objectEnvironment = objectEnvironment
    }
}

/// One "old new ref" line of a pre-receive hook's stdin.
struct RefUpdate: Sendable, Equatable {
    var old: String
    var new: String
    var ref: String

    init?(line: String) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 3, !fields[2].isEmpty, GitClient.isObjectName(String(fields[0])),
              GitClient.isObjectName(String(fields[1])) else { return nil }
        old = String(fields[0])
        new = String(fields[1])
        ref = String(fields[2])
    }

    /// A deletion: the new value is the all-zero object name.
    var isDeletion: Bool { new.utf8.allSatisfy { $0 == 0x30 } }

    /// "master" for refs/heads/master, else the full ref.
    var shortName: String { ref.hasPrefix("refs/heads/") ? String(ref.dropFirst(11)) : ref }
}

/// Splits a byte stream into lines (LF or CRLF) as the bytes arrive.
struct LineSplitter: Sendable {
    private var pending: [UInt8] = []

    /// The complete lines in `bytes` plus what was buffered before.
    mutating func feed(_ bytes: [UInt8]) -> [String] {
        pending += bytes
        var lines: [String] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            var line = pending[..<newline]
            if line.last == 0x0D { line = line.dropLast() }
            lines.append(String(decoding: line, as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        return lines
    }

    /// A last line without a newline, if any.
    mutating func finish() -> String? {
        defer { pending = [] }
        guard !pending.isEmpty else { return nil }
        if pending.last == 0x0D { pending.removeLast() }
        return String(decoding: pending, as: UTF8.self)
    }
}
