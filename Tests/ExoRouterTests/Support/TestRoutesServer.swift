import ExoNet
import ExoRouter
import Glibc
import Synchronization

/// exod's `/internal/routes` stand-in over real HTTP: token check and long-poll on `since`.
final class TestRoutesServer: Sendable {
    let server: HTTPServer
    private final class Box: Sendable {
        let document: Mutex<RouteTableDocument>
        init(_ document: RouteTableDocument) { self.document = Mutex(document) }
    }
    private let box: Box

    init(token: String, document: RouteTableDocument, window: Double = 1) throws {
        let state = Box(document)
        box = state
        server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
            guard request.headers["X-Exo-Internal-Token"] == token else {
                try response.send(status: 401, headers: [("Content-Type", "text/plain")], body: Array("no".utf8))
                return
            }
            guard request.path == "/internal/routes", let since = Int(request.query["since"] ?? "") else {
                try response.send(status: 404)
                return
            }
            var waited = 0.0
            var current = state.document.withLock { $0 }
            while current.version == since, waited < window {
                usleep(10_000)
                waited += 0.01
                current = state.document.withLock { $0 }
            }
            try response.send(status: 200, headers: [("Content-Type", "application/json")], body: current.encoded())
        }
        try server.start()
    }

    var url: String { "http://127.0.0.1:\(server.port)/internal/routes" }

    func publish(_ routes: [RouteTableDocument.Route]) {
        box.document.withLock { $0 = RouteTableDocument(version: $0.version + 1, routes: routes) }
    }

    func stop() { server.stop() }
}
