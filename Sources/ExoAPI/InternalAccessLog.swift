import ExoCore
import ExoLogs
import ExoNet
import ExoStore
import Foundation

/// `POST /internal/access-log`: batches of answered requests from exo-router, filed into each
/// deployment's `access` log. The body is exo-router's `AccessLogBatch` (ExoRouter/AccessLog).
struct AccessLogIntake: Sendable {
    struct Entry: Decodable {
        /// Microseconds since the epoch when the router received the request: the entry's time
        /// (absent from older routers: then the time it is filed).
        var time: Int64?
        var deployment: String
        var remoteHost: String
        var firstRequestLine: String
        var status: Int
        var responseSizeCLF: String
        var referer: String
        var userAgent: String
        var durationMs: Int?

        enum CodingKeys: String, CodingKey {
            case time, deployment, status, referer
            case remoteHost = "remote_host"
            case firstRequestLine = "first_request_line"
            case responseSizeCLF = "response_size_CLF"
            case userAgent = "user_agent"
            case durationMs = "duration_ms"
        }
    }
    struct Batch: Decodable {
        var entries: [Entry]
        var dropped: Int?
    }

    var logs: LogStore
    /// Whether "app/dep" is a deployment exod knows (entries for others are ignored, never filed).
    var isKnown: @Sendable (String) -> Bool
    /// Told of every deployment that received a request (the idle monitor's activity signal).
    var onActivity: @Sendable (String) -> Void = { _ in }

    func serve(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        let body = try request.readBody(limit: 16 << 20)
        guard file(body) else {
            try response.send(status: 400, headers: [("Content-Type", "text/plain")], body: Array("Malformed access log batch\n".utf8))
            return
        }
        try response.send(status: 204)
    }

    /// Files a batch body's entries; false when the body is not a batch.
    func file(_ body: [UInt8]) -> Bool {
        guard let batch = try? JSONDecoder().decode(Batch.self, from: Data(body)) else { return false }
        var known: [String: Bool] = [:]
        for entry in batch.entries {
            let isKnown = known[entry.deployment] ?? self.isKnown(entry.deployment)
            known[entry.deployment] = isKnown
            guard isKnown else { continue }
            onActivity(entry.deployment)
            var fields = [
                "remote_host": entry.remoteHost, "remote_logname": "-", "remote_user": "-",
                "first_request_line": entry.firstRequestLine, "status": String(entry.status),
                "response_size_CLF": entry.responseSizeCLF, "referer": entry.referer, "user_agent": entry.userAgent,
            ]
            if let duration = entry.durationMs { fields["duration_ms"] = String(duration) }
            // The router's clock is this machine's; a time from the future is not believed.
            let time = entry.time.flatMap { $0 <= Int64(Date().timeIntervalSince1970 * 1e6) + 60_000_000 ? $0 : nil }
            logs.append(entry.deployment, .access, fields, time: time)
        }
        return true
    }
}

extension AccessLogIntake {
    /// Known = stored in exod's database, so a deployment whose containers are all down (out of
    /// the route table) still gets its 502/504 lines, and a deleted one gets none.
    init(logs: LogStore, store: SQLiteStore) {
        self.init(logs: logs, isKnown: { name in
            let parts = name.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let app = try? AppName(String(parts[0])),
                  let deployment = try? DeploymentName(String(parts[1])) else { return false }
            return (try? store.deployment(app: app, name: deployment)) != nil
        })
    }
}
