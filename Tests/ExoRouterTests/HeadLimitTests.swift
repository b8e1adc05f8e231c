import ExoRouter
import Testing

/// Header line and header block limits (configurable): past them the client gets a 431 page,
/// the connection is closed, and nothing reaches the app.
@Suite(.serialized)
struct HeadLimitTests {
    private func fixture() throws -> RouterFixture {
        try RouterFixture(configure: { config in
            config.maxHeaderLineLength = 1024
            config.maxHeaderBlockSize = 4096
        })
    }

    @Test func aHeaderLineOverTheLimitGets431AndNeverReachesTheApp() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        try client.send("GET / HTTP/1.1\r\nHost: hello.app.localhost\r\nX-Long: \(String(repeating: "a", count: 1100))\r\n\r\n")
        #expect(try client.readResponse().status == 431)
        #expect(client.isClosedByPeer())
        #expect(fixture.backends[0].requestCount == 0)
    }

    @Test func aHeadOverTheBlockLimitGets431EvenWithShortLines() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let fields = (0..<100).map { "X-Field-\($0): \(String(repeating: "b", count: 40))\r\n" }.joined()
        let client = try RawClient(port: fixture.port)
        try client.send("GET / HTTP/1.1\r\nHost: hello.app.localhost\r\n\(fields)\r\n")
        #expect(try client.readResponse().status == 431)
        #expect(client.isClosedByPeer())
        #expect(fixture.backends[0].requestCount == 0)
    }

    @Test func headsWithinTheLimitsAreForwarded() throws {
        let fixture = try fixture()
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost",
                                         extraHeaders: "X-Long: \(String(repeating: "a", count: 900))\r\n")
        #expect(response.status == 200)
    }

    @Test func limitsAndTheHeadDeadlineComeFromTheEnvironment() throws {
        let config = try RouterConfiguration.load(environment: [
            "EXO_ROUTER_MAX_HEADER_LINE": "2048", "EXO_ROUTER_MAX_HEADER_BLOCK": "16384", "EXO_ROUTER_HEAD_TIMEOUT": "5",
        ])
        #expect(config.maxHeaderLineLength == 2048)
        #expect(config.maxHeaderBlockSize == 16384)
        #expect(config.timeouts.requestHead == 5)
        #expect(try RouterConfiguration.load(environment: ["EXO_ROUTER_BACKEND_KEEPALIVE": "7"]).maxIdleBackendConnections == 7)
        let defaults = try RouterConfiguration.load(environment: [:])
        #expect(defaults.maxHeaderLineLength == 8192 && defaults.maxHeaderBlockSize == 65536)
        #expect(defaults.maxIdleBackendConnections == 128)
        #expect(throws: RouterError.self) {
            try RouterConfiguration.load(environment: ["EXO_ROUTER_MAX_HEADER_LINE": "4096", "EXO_ROUTER_MAX_HEADER_BLOCK": "1024"])
        }
        let typo = #expect(throws: RouterError.self) {
            try RouterConfiguration.load(environment: ["EXO_ROUTER_READ_TIMOUT": "5", "EXO_ROUTER_SEND_TIMEOUT": "5"])
        }
        #expect(typo.map { "\($0)" }?.contains("EXO_ROUTER_READ_TIMOUT: no such setting") == true, "\(String(describing: typo))")
    }
}
