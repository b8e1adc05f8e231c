import ExoRouter
import Foundation
import Glibc
import Testing

@Suite(.serialized)
struct TimeoutTests {
    private func router(_ adjust: (inout RouterTimeouts) -> Void) throws -> Router {
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        adjust(&config.timeouts)
        return try Router.start(config, log: { _ in })
    }

    @Test func slowlorisHeadIsCutOffAtTheHeadDeadlineEvenWhileBytesTrickle() throws {
        let router = try router { $0.requestHead = 0.6 }
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        let start = Date()
        var closed = false
        for byte in "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ".utf8 + Array(repeating: UInt8(ascii: "a"), count: 40) {
            if (try? client.send([byte])) == nil { closed = true; break }
            usleep(50_000)
            if Date().timeIntervalSince(start) > 1.5 { break }
        }
        #expect(closed || client.isClosedByPeer())
        #expect(Date().timeIntervalSince(start) < 1.8)
    }

    @Test func idleKeepAliveClientIsClosedAfterTheIdleTimeout() throws {
        let router = try router { $0.clientIdle = 0.5 }
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("GET / HTTP/1.1\r\nHost: unknown.example\r\n\r\n")
        #expect(try client.readResponse().status == 404)
        let start = Date()
        #expect(client.isClosedByPeer())
        let waited = Date().timeIntervalSince(start)
        #expect(waited > 0.3 && waited < 1.5)
    }
}
