import ExoRouter
import Testing

@Suite(.serialized)
struct RoutingTests {
    @Test func routesByHostIgnoringCasePortAndOneTrailingDot() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        for host in ["hello.app.localhost", "HeLLo.App.LOCALHOST", "hello.app.localhost:8080", "hello.app.localhost.",
                     "Hello.app.localhost.:80"] {
            let response = try RawClient.get(port: fixture.port, host: host)
            #expect(response.status == 200, "host \(host)")
            #expect(response.echoed("backend") == ["a"], "host \(host)")
            #expect(response.echoed("h:host") == [host], "original Host forwarded unchanged")
        }
        let twoDots = try RawClient.get(port: fixture.port, host: "hello.app.localhost..")
        #expect(twoDots.status == 404)
    }

    @Test func unknownHostGetsTheRoutersOwn404PageWithoutInternalAddresses() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "nope.app.localhost")
        #expect(response.status == 404)
        #expect(response.head.headers["Content-Type"]?.hasPrefix("text/html") == true)
        #expect(response.text.contains("404"))
        #expect(!response.text.contains("127.0.0.1"))
        #expect(fixture.backends[0].requestCount == 0)
    }

    @Test func requestWithoutHostGets400() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let http11 = try RawClient.get(port: fixture.port, host: nil)
        #expect(http11.status == 400)
        let client = try RawClient(port: fixture.port)
        try client.send("GET / HTTP/1.0\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(fixture.backends[0].requestCount == 0)
    }

    /// RFC 9112 §3.2.2: an absolute-form target's host takes precedence over Host. The router
    /// routes by Host, so a target naming another host is refused rather than sent to Host's app.
    @Test func absoluteFormTargetIsForwardedWhenItNamesTheHostAndRefusedWhenItNamesAnother() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        for target in ["http://hello.app.localhost/x", "HTTP://Hello.App.Localhost:8080/x?y", "https://hello.app.localhost"] {
            let client = try RawClient(port: fixture.port)
            try client.send("GET \(target) HTTP/1.1\r\nHost: hello.app.localhost\r\nConnection: close\r\n\r\n")
            #expect(try client.readResponse().status == 200, "\(target)")
        }
        for target in ["http://other.app.localhost/x", "http://evil.example/", "http://user@hello.app.localhost/", "http:///x"] {
            let client = try RawClient(port: fixture.port)
            try client.send("GET \(target) HTTP/1.1\r\nHost: hello.app.localhost\r\n\r\n")
            #expect(try client.readResponse().status == 400, "\(target)")
        }
        #expect(fixture.backends[0].requestCount == 3)
    }

    @Test func deploymentWithoutBackendsGets503() throws {
        let fixture = try RouterFixture(routes: { _ in
            [.init(hosts: ["idle.app.localhost"], deployment: "idle/default", backends: [])]
        })
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "idle.app.localhost")
        #expect(response.status == 503)
    }

    @Test func roundRobinSpreadsRequestsOverThreeBackends() throws {
        let fixture = try RouterFixture(backends: ["a", "b", "c"])
        defer { fixture.stop() }
        var seen: [String: Int] = [:]
        for _ in 0..<9 {
            let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost")
            seen[response.echoed("backend").first ?? "?", default: 0] += 1
        }
        #expect(seen == ["a": 3, "b": 3, "c": 3])
    }

    @Test func connectFailureIsRetriedOnAnotherBackend() throws {
        let dead = try TestBackend(name: "dead")
        dead.stop()
        let fixture = try RouterFixture(backends: ["live"], routes: { backends in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [dead.address, backends[0].address])]
        })
        defer { fixture.stop() }
        for _ in 0..<4 {
            let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost")
            #expect(response.status == 200)
            #expect(response.echoed("backend") == ["live"])
        }
    }

    @Test func aRequestWhoseBodyWasSentIsNeverRetriedOnAnotherBackend() throws {
        // Takes the head and part of the body, then drops the connection without answering.
        let dropping = try RawBackend { fd in _ = RawBackend.readHead(fd) }
        defer { dropping.stop() }
        let fixture = try RouterFixture(backends: ["live"], routes: { backends in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [dropping.address, backends[0].address])]
        })
        defer { fixture.stop() }
        var statuses: [Int] = []
        for _ in 0..<2 {
            let client = try RawClient(port: fixture.port)
            let body = [UInt8](repeating: 0x63, count: 200_000)
            try client.send("POST /upload HTTP/1.1\r\nHost: hello.app.localhost\r\nContent-Length: \(body.count)\r\n\r\n")
            try? client.send(body)
            statuses.append(try client.readResponse().status)
        }
        #expect(statuses.sorted() == [200, 502])
        #expect(fixture.backends[0].requestCount == 1)
    }

    @Test func onlyBackendDownGives502Page() throws {
        let dead = try TestBackend(name: "dead")
        dead.stop()
        let fixture = try RouterFixture(backends: [], routes: { _ in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [dead.address])]
        })
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost")
        #expect(response.status == 502)
        #expect(!response.text.contains(dead.address))
    }
}

@Suite(.serialized)
struct ConnectionLimitTests {
    @Test func clientsPastTheConnectionLimitGetA503AndAreClosed() throws {
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        config.maxConnections = 2
        let router = try Router.start(config, log: { _ in })
        defer { router.stop() }
        let first = try RawClient(port: router.port)
        let second = try RawClient(port: router.port)
        try first.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        try second.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse().status == 404)
        #expect(try second.readResponse().status == 404)
        let third = try RawClient(port: router.port)
        #expect(try third.readResponse().status == 503)
        #expect(third.isClosedByPeer())
    }
}
