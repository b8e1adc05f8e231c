import ExoRouter
import Foundation
import Testing

@Suite(.serialized)
struct ForwardingTests {
    @Test func forwardedForJoinsIncomingLinesThenAppendsThePeer() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        // Client-supplied Proto/Port/Request-Start are replaced by the router's own, set once.
        let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost",
                                         extraHeaders: "X-Forwarded-For: 1.1.1.1, 2.2.2.2\r\nX-Forwarded-Proto: https\r\n"
                                             + "X-Forwarded-For: 3.3.3.3\r\nx-forwarded-port: 1\r\nX-Request-Start: t=1\r\n")
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(response.echoed("h:x-forwarded-for") == ["1.1.1.1, 2.2.2.2, 3.3.3.3, 127.0.0.1"])
        #expect(response.echoed("h:x-forwarded-proto") == ["http"])
        #expect(response.echoed("h:x-forwarded-port") == ["\(fixture.port)"])
        let start = response.echoed("h:x-request-start")
        #expect(start.count == 1)
        let millis = start.first.flatMap { UInt64($0.dropFirst(2)) } ?? 0
        #expect(start.first?.hasPrefix("t=") == true && millis >= before && millis <= after)
    }

    @Test func hopByHopHeadersAndThoseNamedInConnectionAreRemoved() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "hello.app.localhost",
                                         extraHeaders: "Keep-Alive: 5\r\nX-Secret: 1\r\nProxy-Authorization: x\r\nTE: trailers\r\nConnection: X-Secret\r\nX-Kept: yes\r\n")
        for name in ["keep-alive", "x-secret", "proxy-authorization", "te", "connection"] {
            #expect(response.echoed("h:\(name)").isEmpty, "\(name) forwarded")
        }
        #expect(response.echoed("h:x-kept") == ["yes"])
    }

    @Test func hopByHopResponseHeadersAndThoseNamedInTheBackendsConnectionAreRemoved() throws {
        let backend = try RawBackend { fd in
            while RawBackend.readHead(fd) != nil {
                try? TestSockets.sendAll(fd, Array(("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Internal\r\nX-Internal: 10.0.0.7\r\n"
                    + "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\nContent-Length: 2\r\nX-Kept:  spaced value \r\n\r\nok").utf8))
            }
        }
        defer { backend.stop() }
        let fixture = try RouterFixture(backends: [], routes: { _ in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [backend.address])]
        })
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        for _ in 0..<2 {   // the client connection stays usable: no Connection from the backend leaks through
            try client.send("GET / HTTP/1.1\r\nHost: hello.app.localhost\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "ok")
            for name in ["Connection", "X-Internal", "Keep-Alive", "Proxy-Authenticate"] {
                #expect(response.head.headers[name] == nil, "\(name) relayed")
            }
            #expect(response.head.headers["X-Kept"] == "spaced value")
            #expect(response.head.headers["Content-Length"] == "2")
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneClientConnection() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        for i in 0..<5 {
            try client.send("GET /r\(i) HTTP/1.1\r\nHost: hello.app.localhost\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.echoed("target") == ["/r\(i)"])
        }
        // Pipelined: three requests in one write, answered in order.
        try client.send(String(repeating: "GET /p HTTP/1.1\r\nHost: hello.app.localhost\r\n\r\n", count: 3))
        for _ in 0..<3 { #expect(try client.readResponse().echoed("target") == ["/p"]) }
        // Backend connections were pooled rather than opened per request.
        #expect(fixture.backends[0].connectionCount < 8)
    }

    @Test func chunkedUploadOfSeveralMegabytesArrivesWithExactByteCount() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        try client.send("POST /upload HTTP/1.1\r\nHost: hello.app.localhost\r\nTransfer-Encoding: chunked\r\n\r\n")
        let piece = [UInt8](repeating: 0x61, count: 100_003)
        var total = 0
        for _ in 0..<40 {
            try client.send(Array(String(piece.count, radix: 16).utf8) + Array("\r\n".utf8) + piece + Array("\r\n".utf8))
            total += piece.count
        }
        try client.send("0\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.echoed("bytes") == ["\(total)"])
        #expect(response.echoed("h:transfer-encoding") == ["chunked"])
    }

    @Test func contentLengthUploadIsForwardedWithItsLength() throws {
        let fixture = try RouterFixture()
        defer { fixture.stop() }
        let client = try RawClient(port: fixture.port)
        let body = [UInt8](repeating: 0x62, count: 3_000_000)
        try client.send("PUT /x HTTP/1.1\r\nHost: hello.app.localhost\r\nContent-Length: \(body.count)\r\n\r\n")
        try client.send(body)
        let response = try client.readResponse()
        #expect(response.echoed("bytes") == ["\(body.count)"])
        #expect(response.echoed("h:content-length") == ["\(body.count)"])
    }

    @Test func largeResponseStreamsBackIntact() throws {
        let payload = (0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let big = try TestBackend(name: "big") { _, _ in (200, [], payload) }
        defer { big.stop() }
        let fixture = try RouterFixture(backends: [], routes: { _ in
            [.init(hosts: ["big.app.localhost"], deployment: "big/default", backends: [big.address])]
        })
        defer { fixture.stop() }
        let response = try RawClient.get(port: fixture.port, host: "big.app.localhost")
        #expect(response.body == payload)
    }
}
