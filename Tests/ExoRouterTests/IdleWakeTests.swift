import ExoRouter
import Foundation
import ExoSystem
import Testing

/// Requests for an idle route are held while exod is asked to wake the deployment, then proxied.
@Suite(.serialized)
struct IdleWakeTests {
    static func idleRoute() -> RouteTableDocument.Route {
        .init(hosts: ["sleepy.app.localhost"], deployment: "sleepy/default", backends: [], idle: true)
    }

    @Test func parkedRequestIsProxiedOnceTheWokenRouteHasBackends() throws {
        let source = Locked<TestRouteSource?>(nil)
        let backendAddress = Locked("")
        let exod = try TestWakeServer { deployment in
            // Like exod: start the container (takes a moment), then publish the route with it.
            Thread.sleep(forTimeInterval: 0.3)
            let address = backendAddress.withLock { $0 }
            source.withLock { $0 }?.publish([.init(hosts: ["sleepy.app.localhost"], deployment: deployment, backends: [address])])
        }
        defer { exod.stop() }
        let fixture = try RouterFixture(routes: { _ in [Self.idleRoute()] }, token: "internal-secret") { config in
            config.wakeURL = exod.url
        }
        defer { fixture.stop() }
        source.withLock { $0 = fixture.source }
        backendAddress.withLock { $0 = fixture.backends[0].address }

        let started = Date()
        let client = try RawClient(port: fixture.port)
        try client.send("POST /hello HTTP/1.1\r\nHost: sleepy.app.localhost\r\nContent-Length: 5\r\n\r\nabcde")
        let response = try client.readResponse(method: "POST")
        #expect(response.status == 200)
        #expect(response.echoed("backend") == ["a"])
        #expect(response.echoed("bytes") == ["5"])
        #expect(Date().timeIntervalSince(started) >= 0.3)
        #expect(exod.deployments == ["sleepy/default"])
        #expect(exod.tokens == ["internal-secret"])

        // The connection stays usable, and the next request goes straight through.
        try client.send("GET /again HTTP/1.1\r\nHost: sleepy.app.localhost\r\n\r\n")
        #expect(try client.readResponse().echoed("target") == ["/again"])
    }

    @Test func concurrentRequestsForOneIdleDeploymentAskForOneWake() throws {
        let source = Locked<TestRouteSource?>(nil)
        let backendAddress = Locked("")
        let exod = try TestWakeServer { deployment in
            Thread.sleep(forTimeInterval: 0.5)
            source.withLock { $0 }?.publish([.init(hosts: ["sleepy.app.localhost"], deployment: deployment,
                                                    backends: [backendAddress.withLock { $0 }])])
        }
        defer { exod.stop() }
        let fixture = try RouterFixture(routes: { _ in [Self.idleRoute()] }) { $0.wakeURL = exod.url }
        defer { fixture.stop() }
        source.withLock { $0 = fixture.source }
        backendAddress.withLock { $0 = fixture.backends[0].address }

        let clients = try (0..<4).map { _ in try RawClient(port: fixture.port) }
        for client in clients { try client.send("GET / HTTP/1.1\r\nHost: sleepy.app.localhost\r\n\r\n") }
        for client in clients { #expect(try client.readResponse().status == 200) }
        #expect(exod.deployments == ["sleepy/default"])
    }

    @Test func requestGets503WhenTheDeploymentDoesNotWakeInTime() throws {
        let exod = try TestWakeServer()
        defer { exod.stop() }
        let fixture = try RouterFixture(routes: { _ in [Self.idleRoute()] }) { config in
            config.wakeURL = exod.url
            config.wakeTimeout = 0.6
        }
        defer { fixture.stop() }
        let started = Date()
        let response = try RawClient.get(port: fixture.port, host: "sleepy.app.localhost")
        #expect(response.status == 503)
        #expect(Date().timeIntervalSince(started) >= 0.5)
        #expect(exod.deployments == ["sleepy/default"])
    }

    @Test func withoutAWakeURLAnIdleRouteAnswers503AtOnce() throws {
        let fixture = try RouterFixture(routes: { _ in [Self.idleRoute()] })
        defer { fixture.stop() }
        let started = Date()
        #expect(try RawClient.get(port: fixture.port, host: "sleepy.app.localhost").status == 503)
        #expect(Date().timeIntervalSince(started) < 0.5)
    }

    @Test func tablesWithoutTheIdleFieldStillDecodeAndIdleIsOnlyWrittenWhenSet() throws {
        let old = try RouteTableDocument.decode(Array(#"{"version":3,"routes":[{"hosts":["a.b"],"deployment":"a/default","backends":["127.0.0.1:1"]}]}"#.utf8))
        #expect(old.routes[0].idle == nil)
        #expect(!String(decoding: old.encoded(), as: UTF8.self).contains("idle"))
        let idle = RouteTableDocument(version: 4, routes: [Self.idleRoute()])
        #expect(try RouteTableDocument.decode(idle.encoded()).routes[0].idle == true)
    }

    @Test func wakeURLDefaultsToExodBesideTheRoutesURL() throws {
        let config = try RouterConfiguration.load(environment: ["EXO_ROUTER_ROUTES_URL": "http://127.0.0.1:8000/internal/routes",
                                                                "EXO_ROUTER_WAKE_TIMEOUT": "7"])
        #expect(config.wakeURL == "http://127.0.0.1:8000/internal/wake")
        #expect(config.wakeTimeout == 7)
    }
}

extension IdleWakeTests {
    @Test func aDeploymentIdledAgainSoonAfterWakingIsAskedForAtOnce() throws {
        let source = Locked<TestRouteSource?>(nil)
        let backendAddress = Locked("")
        let exod = try TestWakeServer { deployment in
            source.get()?.publish([.init(hosts: ["sleepy.app.localhost"], deployment: deployment, backends: [backendAddress.get()])])
        }
        defer { exod.stop() }
        let fixture = try RouterFixture(routes: { _ in [Self.idleRoute()] }) { $0.wakeURL = exod.url }
        defer { fixture.stop() }
        source.set(fixture.source)
        backendAddress.set(fixture.backends[0].address)

        #expect(try RawClient.get(port: fixture.port, host: "sleepy.app.localhost").status == 200)
        fixture.source?.publish([Self.idleRoute()])
        try fixture.waitForVersion(3)
        let started = Date()
        #expect(try RawClient.get(port: fixture.port, host: "sleepy.app.localhost").status == 200)
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(exod.deployments == ["sleepy/default", "sleepy/default"])
    }
}
