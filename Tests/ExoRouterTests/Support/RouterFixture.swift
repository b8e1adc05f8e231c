import ExoRouter
import Foundation

/// A router started in-process on a free port, with its backends; `stop()` tears down LIFO.
final class RouterFixture {
    let router: Router
    let backends: [TestBackend]
    let source: TestRouteSource?
    var port: Int { router.port }

    /// Starts `backends` and a router whose source serves `routes(backends)` as version 1.
    init(backends names: [String] = ["a"], threads: Int = 2, stateFile: String? = nil,
         routes: ([TestBackend]) -> [RouteTableDocument.Route] = RouterFixture.helloRoutes,
         useSource: Bool = true, accessLogURL: String? = nil, token: String? = nil,
         configure: (inout RouterConfiguration) -> Void = { _ in }) throws {
        backends = try names.map { try TestBackend(name: $0) }
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: threads)
        config.stateFile = stateFile
        config.accessLogURL = accessLogURL
        config.internalToken = token
        configure(&config)
        source = useSource ? TestRouteSource(RouteTableDocument(version: 1, routes: routes(backends))) : nil
        router = try Router.start(config, routeSource: source, log: { _ in })
        if source != nil { try waitForVersion(1) }
    }

    static func helloRoutes(_ backends: [TestBackend]) -> [RouteTableDocument.Route] {
        [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: backends.map(\.address))]
    }

    /// Waits until the router's table has reached `version` (the watcher runs on its own thread).
    func waitForVersion(_ version: Int, timeout: Double = 2) throws {
        let start = Date()
        while router.routes.table.version < version {
            if Date().timeIntervalSince(start) > timeout { throw TestFailure("route version \(version) not applied") }
            usleep(5_000)
        }
    }

    func stop() {
        router.stop()
        for backend in backends.reversed() { backend.stop() }
    }
}
