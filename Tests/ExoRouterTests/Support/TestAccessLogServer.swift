import ExoNet
import ExoRouter
import Foundation
import Synchronization

/// exod's `POST /internal/access-log` stand-in: keeps every batch it accepts; the first
/// `failures` posts are answered 503 (exod briefly unavailable).
final class TestAccessLogServer: Sendable {
    let server: HTTPServer
    private final class State: Sendable {
        let value: Mutex<(batches: [AccessLogBatch], tokens: [String], failuresLeft: Int)>
        init(failures: Int) { value = Mutex((batches: [], tokens: [], failuresLeft: failures)) }
        func withLock<T>(_ body: (inout (batches: [AccessLogBatch], tokens: [String], failuresLeft: Int)) -> T) -> T {
            value.withLock { body(&$0) }
        }
    }
    private let state: State

    init(failures: Int = 0) throws {
        let state = State(failures: failures)
        self.state = state
        server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
            guard request.method == "POST", request.path == "/internal/access-log" else {
                try response.send(status: 404)
                return
            }
            let body = try request.readBody(limit: 1 << 24)
            let fail = state.withLock { state -> Bool in
                guard state.failuresLeft > 0 else { return false }
                state.failuresLeft -= 1
                return true
            }
            if fail { try response.send(status: 503); return }
            let batch = try JSONDecoder().decode(AccessLogBatch.self, from: Data(body))
            state.withLock {
                $0.batches.append(batch)
                $0.tokens.append(request.headers["X-Exo-Internal-Token"] ?? "")
            }
            try response.send(status: 204)
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/internal/access-log" }
    var entries: [AccessLogEntry] { state.withLock { $0.batches.flatMap(\.entries) } }
    var tokens: [String] { state.withLock { $0.tokens } }
    var dropped: Int { state.withLock { $0.batches.reduce(0) { $0 + $1.dropped } } }

    /// Waits until at least `count` entries arrived (the shipper posts every 200 ms).
    func waitForEntries(_ count: Int, timeout: Double = 3) throws -> [AccessLogEntry] {
        let start = Date()
        while entries.count < count {
            if Date().timeIntervalSince(start) > timeout { throw TestFailure("\(entries.count) of \(count) access entries arrived") }
            usleep(10_000)
        }
        return entries
    }

    func stop() { server.stop() }
}
