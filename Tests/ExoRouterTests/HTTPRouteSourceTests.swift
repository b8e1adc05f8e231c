import ExoRouter
import Foundation
import Testing

@Suite(.serialized)
struct HTTPRouteSourceTests {
    private func config(_ routesURL: String, token: String, stateFile: String? = nil) -> RouterConfiguration {
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 2)
        config.routesURL = routesURL
        config.internalToken = token
        config.stateFile = stateFile
        return config
    }

    private func waitUntil(_ timeout: Double = 2, _ condition: () throws -> Bool) rethrows -> Bool {
        let start = Date()
        while Date().timeIntervalSince(start) < timeout {
            if try condition() { return true }
            usleep(10_000)
        }
        return false
    }

    @Test func routerPullsTablesFromExodsLongPollAndKeepsThemWhenItGoesAway() throws {
        let a = try TestBackend(name: "a")
        let b = try TestBackend(name: "b")
        defer { a.stop(); b.stop() }
        let routes = try TestRoutesServer(token: "s3cret", document: RouteTableDocument(version: 1, routes: [
            .init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [a.address]),
        ]))
        let router = try Router.start(config(routes.url, token: "s3cret"), log: { _ in })
        defer { router.stop() }
        #expect(waitUntil { router.routes.table.version == 1 })
        #expect(try RawClient.get(port: router.port, host: "hello.app.localhost").echoed("backend") == ["a"])

        routes.publish([.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [b.address])])
        #expect(try waitUntil(1) { try RawClient.get(port: router.port, host: "hello.app.localhost").echoed("backend") == ["b"] })

        routes.stop()
        usleep(300_000)
        #expect(try RawClient.get(port: router.port, host: "hello.app.localhost").echoed("backend") == ["b"])
    }

    @Test func wrongInternalTokenLeavesTheTableEmpty() throws {
        let routes = try TestRoutesServer(token: "right", document: RouteTableDocument(version: 1, routes: [
            .init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: ["127.0.0.1:1"]),
        ]))
        defer { routes.stop() }
        let router = try Router.start(config(routes.url, token: "wrong"), log: { _ in })
        defer { router.stop() }
        usleep(300_000)
        #expect(router.routes.table.version == 0)
        #expect(try RawClient.get(port: router.port, host: "hello.app.localhost").status == 404)
    }

    @Test func restartedRouterServesThePersistedTableWhileExodIsDown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exo-router-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stateFile = dir + "/router/routes.json"
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let routes = try TestRoutesServer(token: "t", document: RouteTableDocument(version: 7, routes: [
            .init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [backend.address]),
        ]))
        let url = routes.url
        let first = try Router.start(config(url, token: "t", stateFile: stateFile), log: { _ in })
        #expect(waitUntil { FileManager.default.fileExists(atPath: stateFile) })
        first.stop()
        routes.stop()

        let second = try Router.start(config(url, token: "t", stateFile: stateFile), log: { _ in })
        defer { second.stop() }
        #expect(second.routes.table.version == 7)
        let response = try RawClient.get(port: second.port, host: "hello.app.localhost")
        #expect(response.status == 200)
        #expect(response.echoed("backend") == ["a"])
    }
}
