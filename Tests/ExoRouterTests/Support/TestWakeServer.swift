import ExoNet
import Foundation
import ExoSystem

/// exod's `POST /internal/wake` stand-in: records each deployment asked for (and the token)
/// and runs `onWake` for it, e.g. to publish the woken route after a delay.
final class TestWakeServer: Sendable {
    let server: HTTPServer
    private let calls = Locked<[(deployment: String, token: String)]>([])

    init(onWake: @escaping @Sendable (String) -> Void = { _ in }) throws {
        let calls = self.calls
        server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
            guard request.method == "POST", request.path == "/internal/wake" else {
                try response.send(status: 404)
                return
            }
            let body = try JSONDecoder().decode([String: String].self, from: Data(try request.readBody(limit: 4096)))
            let deployment = body["deployment"] ?? ""
            calls.withLock { $0.append((deployment, request.headers["X-Exo-Internal-Token"] ?? "")) }
            try response.send(status: 202)
            onWake(deployment)
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/internal/wake" }
    var deployments: [String] { calls.withLock { $0.map(\.deployment) } }
    var tokens: [String] { calls.withLock { $0.map(\.token) } }

    func stop() { server.stop() }
}
