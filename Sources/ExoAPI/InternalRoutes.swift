import ExoController
import ExoCore
import ExoCrypto
import ExoGit
import ExoNet
import ExoWire

/// `/internal/…`: exod ↔ exo-router and git hooks, guarded by the internal token.
struct InternalRoutes: Sendable {
    static let prefix = "/internal/"
    var token: String
    var routes: RoutePublisher
    var pushes: PushService
    /// Files the router's access log; nil answers 404 (no log store wired).
    var accessLog: AccessLogIntake? = nil
    /// Starts an idled deployment ("app/dep") in the background; false when it is not idle.
    /// nil answers 404 (idling not wired).
    var wake: (@Sendable (String) -> Bool)? = nil

    func serve(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        guard let given = request.headers[PushProtocol.tokenHeader], ConstantTime.equals(given, token) else {
            try response.send(status: 403, headers: [("Content-Type", "text/plain")], body: Array("Forbidden\n".utf8))
            return
        }
        switch (request.method, request.path) {
        case ("GET", "/internal/routes"):
            let since = Int(request.query["since"] ?? "") ?? 0
            let table = routes.wait(since: since, timeout: 25)
            try response.send(status: 200, headers: [("Content-Type", "application/json")], body: WireJSON.encode(table))
        case ("POST", PushProtocol.path):
            try push(request, response)
        case ("POST", "/internal/access-log") where accessLog != nil:
            try accessLog?.serve(request, response)
        case ("POST", "/internal/wake") where wake != nil:
            try wakeDeployment(request, response)
        default:
            try response.send(status: 404, headers: [("Content-Type", "text/plain")], body: Array("Not Found\n".utf8))
        }
    }

    /// `{"deployment": "app/dep"}` from exo-router holding a request: 202 once the wake is under
    /// way (the router waits for the route's backends), 409 when the deployment is not idle.
    private func wakeDeployment(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        let body = try request.readBody(limit: 4096)
        guard let wake, let fields = try? WireJSON.decode([String: String].self, from: body),
              let deployment = fields["deployment"] else {
            try response.send(status: 400, headers: [("Content-Type", "text/plain")], body: Array("Malformed wake request\n".utf8))
            return
        }
        try response.send(status: wake(deployment) ? 202 : 409)
    }

    private func push(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        let body = try request.readBody(limit: 1 << 20)
        guard let push = try? WireJSON.decode(PushRequest.self, from: body) else {
            try response.send(status: 400, headers: [("Content-Type", "text/plain")], body: Array("Malformed push request\n".utf8))
            return
        }
        try response.startStreaming(status: 200, headers: [("Content-Type", "text/plain; charset=utf-8")])
        // A pusher that went away must not stop the build from finishing cleanly.
        let write: @Sendable (String) -> Void = { line in try? response.write(Array((line + "\n").utf8)) }
        do {
            try pushes.handle(push, output: write)
            write(PushProtocol.okLine)
        } catch {
            write(" !     Push rejected: \(error.message)")
            write(PushProtocol.failedLine)
        }
        try response.finish()
    }
}
