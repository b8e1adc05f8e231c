import ExoNet
import Foundation

/// `exo-git-shell pre-receive`: hands each pushed ref to exod (`POST /internal/push`), relays
/// exod's streamed build output line by line (git shows it to the pusher as `remote: …`), and
/// accepts the push only if every answer ends with `exo-push-result: ok`.
public struct PreReceiveHook: Sendable {
    /// The hook's own environment: EXO_INTERNAL_URL, EXO_INTERNAL_TOKEN, EXO_APP, REMOTE_USER,
    /// and the GIT_* quarantine variables receive-pack sets.
    public var environment: [String: String]
    public var client: HTTPClient

    /// Builds take minutes; the answer is a stream, so the timeout only has to cover silence.
    public init(environment: [String: String], client: HTTPClient = HTTPClient(timeout: 600)) {
        self.environment = environment
        self.client = client
    }

    /// Runs the hook: `nextLine` yields stdin's lines, `output` receives text for the pusher.
    /// Returns the exit status (0 accepts the push).
    public func run(nextLine: () -> String?, output: (String) -> Void) -> Int32 {
        guard let url = environment["EXO_INTERNAL_URL"], let token = environment["EXO_INTERNAL_TOKEN"],
              let app = environment["EXO_APP"] else {
            output("exo: this repository's hook is not configured (EXO_INTERNAL_URL, EXO_INTERNAL_TOKEN or EXO_APP missing); push rejected.\n")
            return 1
        }
        var updates: [RefUpdate] = []
        while let line = nextLine() {
            if line.isEmpty { continue }
            guard let update = RefUpdate(line: line) else {
                output("exo: unexpected input from git: \(line)\n")
                return 1
            }
            updates.append(update)
        }
        // Refuse deletions before anything is built, since git rejects the whole push anyway.
        if let deletion = updates.first(where: \.isDeletion) {
            output("exo: deleting \(deletion.shortName) is not supported; push rejected.\n")
            return 1
        }
        let objectEnvironment = environment.filter { GitClient.objectEnvironmentKeys.contains($0.key) }
        for update in updates {
            let request = PushRequest(app: app, ref: update.ref, old: update.old, new: update.new,
                                      pusher: environment["REMOTE_USER"] ?? "", objectEnvironment: objectEnvironment)
            guard post(request, to: url, token: token, output: output) else { return 1 }
        }
        return 0
    }

    /// One POST; true when exod's answer ended with the ok line.
    private func post(_ request: PushRequest, to baseURL: String, token: String, output: (String) -> Void) -> Bool {
        let url = (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + PushProtocol.path
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(request))
        } catch {
            output("exo: cannot encode the push request: \(error)\n")
            return false
        }
        var relay = ResultLineRelay()
        var status = 0
        do {
            try client.stream(
                method: "POST", url: url,
                headers: [("Content-Type", "application/json"), (PushProtocol.tokenHeader, token)],
                body: body,
                onHead: { head in status = head.status },
                onBody: { bytes in relay.feed(bytes).forEach(output) })
        } catch {
            relay.finish().lines.forEach(output)
            output(status == 0
                ? "exo: cannot reach the platform at \(baseURL) (\(error)); push rejected.\n"
                : "exo: lost the connection to the platform (\(error)); push rejected.\n")
            return false
        }
        let (lines, accepted) = relay.finish()
        lines.forEach(output)
        if status != 200 {
            output("exo: the platform answered HTTP \(status); push rejected.\n")
            return false
        }
        if !accepted, !relay.sawResult {
            output("exo: the platform's answer ended without a result; push rejected.\n")
        }
        return accepted
    }
}

/// Passes every line on as it arrives, except a result line, which is held back until it is
/// known to be the last one.
struct ResultLineRelay: Sendable {
    private var splitter = LineSplitter()
    private var held: String?
    private(set) var sawResult = false

    /// The lines (newline-terminated) to show now.
    mutating func feed(_ bytes: [UInt8]) -> [String] {
        splitter.feed(bytes).flatMap { take($0) }
    }

    /// Flushes a trailing line; `accepted` when the last line was the ok line.
    mutating func finish() -> (lines: [String], accepted: Bool) {
        let lines = splitter.finish().map { take($0) } ?? []
        defer { held = nil }
        return (lines, held == PushProtocol.okLine)
    }

    private mutating func take(_ line: String) -> [String] {
        var shown: [String] = []
        if let previous = held { shown.append(previous + "\n") }  // not last after all: ordinary text
        held = nil
        if line.hasPrefix(PushProtocol.resultPrefix) {
            held = line
            sawResult = true
        } else {
            shown.append(line + "\n")
        }
        return shown
    }
}
