import ExoBuilder
import ExoController
import ExoCore
import ExoCrypto
import ExoGit
import ExoStore
import ExoSystem

/// Real services over an in-memory store, a temp data dir and real git; only the container
/// runtime is a stand-in. Call `tearDown()` in a `defer`.
struct ControllerFixture {
    let directory: TemporaryDirectory
    let store: SQLiteStore
    let paths: Paths
    let users: UserService
    let apps: AppService
    let routes = RoutePublisher()
    let runtime = RecordingRuntime()
    let ports: PortAllocator
    let reconciler: Reconciler
    let deployments: DeploymentService
    let pushes: PushService
    /// The route table's version before the test did anything (it starts at the clock).
    let initialRouteVersion: Int

    /// Few PBKDF2 iterations keep registration and login fast; production uses the default.
    static let fastHasher = PasswordHasher(iterations: 10)

    init(openRegistration: Bool = true) throws {
        directory = try TemporaryDirectory()
        store = try SQLiteStore(path: ":memory:")
        paths = Paths(dataDir: directory.path)
        for (path, mode) in paths.directories { try Files.makeDirectory(path, mode: mode) }
        users = UserService(store: store, openRegistration: openRegistration, hasher: Self.fastHasher)
        apps = AppService(store: store, paths: paths, git: GitClient(), hookProgram: "/bin/true")
        ports = PortAllocator(range: 39100...39199)
        reconciler = Reconciler(paths: paths, runtime: runtime, routes: routes, ports: ports, bootTimeout: 2)
        deployments = DeploymentService(store: store, apps: apps, reconciler: reconciler, paths: paths,
                                        naming: DeploymentNaming(domain: "app.localhost", routerPort: 8080))
        initialRouteVersion = routes.current.version
        pushes = PushService(store: store, paths: paths, git: GitClient(), builder: Builder(paths: paths, runtime: runtime))
    }

    func tearDown() { directory.remove() }

    /// Registers an active user and returns the principal the API would resolve for them.
    @discardableResult
    func principal(_ name: String) throws -> Principal {
        let user = try users.register(username: name, email: "\(name)@example.com", password: "secret-\(name)")
        return Principal(userID: user.id, username: user.username.rawValue, email: user.email.rawValue)
    }
}
