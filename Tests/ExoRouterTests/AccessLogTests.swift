import ExoRouter
import Foundation
import Testing

@Suite(.serialized)
struct AccessLogTests {
    @Test func proxiedRequestIsShippedToExodWithItsAccessFields() throws {
        let exod = try TestAccessLogServer()
        defer { exod.stop() }
        let fixture = try RouterFixture(accessLogURL: exod.url, token: "internal-secret")
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost", path: "/some/path?q=1",
                                         extraHeaders: "Referer: http://example.org/from\r\nUser-Agent: curl/8.0\r\n")
        #expect(response.status == 200)
        let entry = try #require(try exod.waitForEntries(1).first)
        #expect(entry.deployment == "hello/default")
        #expect(entry.remoteHost == "127.0.0.1")
        #expect(entry.firstRequestLine == "GET /some/path?q=1 HTTP/1.1")
        #expect(entry.status == 200)
        #expect(entry.responseSizeCLF == String(response.body.count))
        #expect(entry.referer == "http://example.org/from")
        #expect(entry.userAgent == "curl/8.0")
        #expect(entry.durationMs >= 0 && entry.durationMs < 2000)
        #expect(abs(Double(entry.time) / 1e6 - Date().timeIntervalSince1970) < 5)
        #expect(exod.tokens.allSatisfy { $0 == "internal-secret" })
    }

    @Test func theEntryTimeIsWhenTheRequestBeganToArriveNotWhenItWasAnswered() throws {
        let exod = try TestAccessLogServer()
        defer { exod.stop() }
        let fixture = try RouterFixture(accessLogURL: exod.url)
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        let sent = Date().timeIntervalSince1970
        try client.send("GET /slow HTTP/1.1\r\n")
        usleep(1_200_000)   // a slow client: the head completes 1.2 s after it began
        try client.send("Host: hello.app.localhost\r\nConnection: close\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let entry = try #require(try exod.waitForEntries(1).first)
        #expect(abs(Double(entry.time) / 1e6 - sent) < 0.5)
        #expect(entry.durationMs >= 1000)
    }

    @Test func absentHeadersAreDashesAndUnknownHostsAreNotLogged() throws {
        let exod = try TestAccessLogServer()
        defer { exod.stop() }
        let fixture = try RouterFixture(routes: { backends in
            RouterFixture.helloRoutes(backends) + [.init(hosts: ["down.app.localhost"], deployment: "down/default", backends: [])]
        }, accessLogURL: exod.url)
        defer { fixture.stop() }
        #expect(try RawClient.get(port: fixture.port, host: "nobody.localhost").status == 404)
        #expect(try RawClient.get(port: fixture.port, host: "down.app.localhost", path: "/x").status == 503)
        let client = try RawClient(port: fixture.port)
        try client.send("HEAD /h HTTP/1.0\r\nHost: hello.app.localhost\r\n\r\n")
        #expect(try client.readResponse(method: "HEAD").status == 200)
        let entries = try exod.waitForEntries(2)
        usleep(400_000)   // one more shipping round: nothing for the unknown host may follow
        #expect(exod.entries.count == 2)
        let down = try #require(entries.first { $0.deployment == "down/default" })
        #expect(down.status == 503)
        #expect(down.firstRequestLine == "GET /x HTTP/1.1")
        #expect(Int(down.responseSizeCLF) ?? 0 > 0)
        #expect(down.referer == "-")
        #expect(down.userAgent == "-")
        let head = try #require(entries.first { $0.deployment == "hello/default" })
        #expect(head.firstRequestLine == "HEAD /h HTTP/1.0")
        #expect(head.responseSizeCLF == "-")
    }

    @Test func entriesWaitWhileExodFailsAndArriveOnRetry() throws {
        let exod = try TestAccessLogServer(failures: 3)
        defer { exod.stop() }
        let fixture = try RouterFixture(accessLogURL: exod.url)
        defer { fixture.stop() }
        for i in 0..<3 {
            #expect(try RawClient.get(port: fixture.port, host: "hello.app.localhost", path: "/r\(i)").status == 200)
        }
        let entries = try exod.waitForEntries(3, timeout: 5)
        #expect(entries.map(\.firstRequestLine) == (0..<3).map { "GET /r\($0) HTTP/1.1" })
    }

    @Test func routesURLGivesTheDefaultAccessLogURL() throws {
        let config = try RouterConfiguration.load(environment: [
            "EXO_ROUTER_ROUTES_URL": "http://127.0.0.1:4711/internal/routes", "EXO_ROUTER_ADDR": "127.0.0.1:0",
        ])
        #expect(config.accessLogURL == "http://127.0.0.1:4711/internal/access-log")
        let explicit = try RouterConfiguration.load(environment: [
            "EXO_ROUTER_ROUTES_URL": "http://127.0.0.1:4711/internal/routes",
            "EXO_ROUTER_ACCESS_LOG_URL": "http://10.0.0.1:1/log", "EXO_ROUTER_ADDR": "127.0.0.1:0",
        ])
        #expect(explicit.accessLogURL == "http://10.0.0.1:1/log")
        #expect(try RouterConfiguration.load(environment: ["EXO_ROUTER_ADDR": "127.0.0.1:0"]).accessLogURL == nil)
    }
}
