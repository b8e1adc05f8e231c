@testable import ExoAPI
import ExoBuilder
import ExoController
import ExoCore
import ExoCrypto
import ExoGit
import ExoNet
import ExoStore
import ExoSystem
import ExoWire
import Foundation

/// exod's API server wired as ExoDaemon wires it, over an in-memory store, a temp data dir and
/// real git, listening on 127.0.0.1 with a kernel-picked port. Call `stop()` in a `defer`.
final class APIHarness: Sendable {
    static let publicURL = "http://api.test"
    let dataDir: String
    let store: SQLiteStore
    let paths: Paths
    let server: HTTPServer
    let client = HTTPClient(timeout: 10)

    /// `wake`: the idle monitor's answer to `POST /internal/wake` (nil: not wired, 404).
    init(openRegistration: Bool = true, wake: (@Sendable (String) -> Bool)? = nil) throws {
        dataDir = NSTemporaryDirectory() + "exo-apitests-" + UUID().uuidString
        paths = Paths(dataDir: dataDir)
        for (path, mode) in paths.directories { try Files.makeDirectory(path, mode: mode) }
        store = try SQLiteStore(path: ":memory:")
        let users = UserService(store: store, openRegistration: openRegistration, hasher: PasswordHasher(iterations: 10))
        let git = GitClient()
        let apps = AppService(store: store, paths: paths, git: git, hookProgram: "/bin/true")
        let routes = RoutePublisher()
        let reconciler = Reconciler(paths: paths, runtime: RefusingRuntime(), routes: routes,
                                    ports: PortAllocator(range: 47900...47999), bootTimeout: 2)
        let naming = DeploymentNaming(domain: "app.localhost", routerPort: 8080)
        let deployments = DeploymentService(store: store, apps: apps, reconciler: reconciler, paths: paths, naming: naming)
        var router = APIRouter()
        UserRoutes.register(into: &router, users: users)
        AppRoutes.register(into: &router, apps: apps, deployments: deployments,
                           presenter: WirePresenter(apps: apps, store: store, naming: naming, publicAPIURL: Self.publicURL))
        let api = APIServer(
            router: router, users: users,
            git: GitRoutes(users: users, apps: apps, backend: GitHTTPBackend(projectRoot: paths.repos, environment: [:])),
            internalRoutes: InternalRoutes(token: "internal-secret", routes: routes,
                                           pushes: PushService(store: store, paths: paths, git: git,
                                                               builder: Builder(paths: paths, runtime: RefusingRuntime())),
                                           wake: wake),
            log: { _ in })
        server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
            try api.handle(request, response)
        }
        try server.start()
    }

    func stop() {
        server.stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    /// Sends a form-encoded request (as pycclib does) with an optional API token.
    func send(_ method: String, _ path: String, form: [String: String] = [:], token: String? = nil,
              headers: [(String, String)] = []) throws -> HTTPClientResponse {
        var all = headers
        if let token { all.append(("Authorization", "cc_auth_token=\"\(token)\"")) }
        var body: [UInt8] = []
        if !form.isEmpty {
            body = Array(FormEncoding.encode(form).utf8)
            all.append(("Content-Type", "application/x-www-form-urlencoded"))
        }
        return try client.send(method: method, url: "http://127.0.0.1:\(server.port)\(path)", headers: all, body: body)
    }

    func sendJSON(_ method: String, _ path: String, json: String, token: String?) throws -> HTTPClientResponse {
        var headers = [("Content-Type", "application/json")]
        if let token { headers.append(("Authorization", "cc_auth_token=\"\(token)\"")) }
        return try client.send(method: method, url: "http://127.0.0.1:\(server.port)\(path)", headers: headers,
                               body: Array(json.utf8))
    }

    /// Registers a user and returns an API token for them, through the API.
    func login(_ name: String) throws -> String {
        _ = try send("POST", "/user/", form: ["username": name, "email": "\(name)@example.com", "password": "secret-\(name)"])
        let basic = "Basic " + Data("\(name)@example.com:secret-\(name)".utf8).base64EncodedString()
        let response = try send("POST", "/token/", headers: [("Authorization", basic)])
        guard let token = object(response.body)?["token"] as? String else { throw HarnessError.noToken(response.text) }
        return token
    }

    enum HarnessError: Error { case noToken(String) }
}

/// A JSON object body, for assertions.
func object(_ body: [UInt8]) -> [String: Any]? {
    (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
}
