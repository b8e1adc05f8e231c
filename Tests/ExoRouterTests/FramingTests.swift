import ExoHTTP
import ExoRouter
import ExoSystem
import Glibc
import Testing

@Suite(.serialized)
struct FramingTests {
    private func router(to backend: String, timeouts: RouterTimeouts = RouterTimeouts()) throws -> Router {
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        config.timeouts = timeouts
        let router = try Router.start(config, log: { _ in })
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["edge.app.localhost"], deployment: "edge/default", backends: [backend]),
        ])))
        return router
    }

    @Test func closeDelimitedResponseIsRechunkedAndTheClientConnectionStaysAlive() throws {
        let backend = try RawBackend { fd in
            _ = RawBackend.readHead(fd)
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nstreamed until close".utf8))
        }
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        for _ in 0..<2 {
            try client.send("GET / HTTP/1.1\r\nHost: edge.app.localhost\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.text == "streamed until close")
            #expect(response.head.headers["Transfer-Encoding"] == "chunked")
        }
    }

    @Test func http10ClientGetsACloseDelimitedBodyAndTheConnectionIsClosed() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("GET /old HTTP/1.0\r\nHost: edge.app.localhost\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.head.headers["Connection"] == "close")
        #expect(response.echoed("target") == ["/old"])
        #expect(client.isClosedByPeer())
    }

    @Test func headResponseKeepsContentLengthWithoutBody() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("HEAD / HTTP/1.1\r\nHost: edge.app.localhost\r\n\r\n")
        let head = try client.readResponse(method: "HEAD")
        #expect(head.body.isEmpty)
        #expect(head.head.headers["Content-Length"] != nil)
        try client.send("GET /after HTTP/1.1\r\nHost: edge.app.localhost\r\n\r\n")
        #expect(try client.readResponse().echoed("target") == ["/after"])
    }

    @Test func expectContinueRequestIsForwardedWithItsBody() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("POST / HTTP/1.1\r\nHost: edge.app.localhost\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        usleep(100_000)
        try client.send("hello")
        let response = try client.readResponse()
        #expect(response.echoed("bytes") == ["5"])
    }

    @Test func smugglingAttemptIsRefusedWith400AndNeverReachesTheBackend() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("POST / HTTP/1.1\r\nHost: edge.app.localhost\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: edge.app.localhost\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.isClosedByPeer())
        #expect(backend.requestCount == 0)
    }

    @Test func earlyResponseWhileUploadingIsDeliveredWhole() throws {
        let backend = try RawBackend { fd in
            _ = RawBackend.readHead(fd)
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!".utf8))
            shutdown(fd, Int32(SHUT_WR))
            while (try? TestSockets.receive(fd)) != nil {}
        }
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("POST / HTTP/1.1\r\nHost: edge.app.localhost\r\nContent-Length: 10000000\r\n\r\n")
        try client.send([UInt8](repeating: 0x61, count: 100_000))
        let response = try client.readResponse()
        #expect(response.status == 413)
        #expect(response.text == "too big!")
    }

    @Test func backendThatStallsPastTheReadTimeoutGets504() throws {
        let backend = try RawBackend { fd in
            _ = RawBackend.readHead(fd)
            usleep(1_500_000)
        }
        defer { backend.stop() }
        var timeouts = RouterTimeouts()
        timeouts.read = 0.5
        timeouts.send = 0.5
        let router = try router(to: backend.address, timeouts: timeouts)
        defer { router.stop() }
        let response = try RawClient.get(port: router.port, host: "edge.app.localhost")
        #expect(response.status == 504)
    }

    @Test func websocketUpgradeIsTunnelledBothWays() throws {
        let backend = try RawBackend { fd in
            guard let (head, rest) = RawBackend.readHead(fd), head.lowercased().contains("upgrade: websocket") else { return }
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".utf8))
            if !rest.isEmpty { try? TestSockets.sendAll(fd, rest) }
            while let bytes = try? TestSockets.receive(fd) { try? TestSockets.sendAll(fd, bytes) }
        }
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send("GET /ws HTTP/1.1\r\nHost: edge.app.localhost\r\nUpgrade: websocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let switched = try client.readResponse()
        #expect(switched.status == 101)
        #expect(switched.head.headers["Upgrade"] == "websocket")
        for message in ["ping-1", "a longer frame of bytes"] {
            try client.send(message)
            var echoed: [UInt8] = []
            while echoed.count < message.utf8.count, let bytes = try TestSockets.receive(client.fd) { echoed += bytes }
            #expect(String(decoding: echoed, as: UTF8.self) == message)
        }
    }

    @Test func plainRequestsNeverGetAnUpgradeHeaderInjected() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let response = try RawClient.get(port: router.port, host: "edge.app.localhost")
        #expect(response.echoed("h:connection").isEmpty)
        #expect(response.echoed("h:upgrade").isEmpty)
    }
}

@Suite(.serialized)
struct PooledConnectionTests {
    @Test func requestOnAPooledConnectionTheBackendJustClosedIsReplayedOnAFreshOne() throws {
        let backend = try RawBackend { fd in
            // Answers one request with keep-alive, then drops the connection on the next one
            // without answering: what a backend's keep-alive timeout looks like from the router.
            guard RawBackend.readHead(fd) != nil else { return }
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8))
            _ = RawBackend.readHead(fd)
        }
        defer { backend.stop() }
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        config.maxIdleBackendConnections = 4
        let router = try Router.start(config, log: { _ in })
        defer { router.stop() }
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["edge.app.localhost"], deployment: "edge/default", backends: [backend.address]),
        ])))
        for _ in 0..<4 {
            let response = try RawClient.get(port: router.port, host: "edge.app.localhost")
            #expect(response.status == 200)
            #expect(response.text == "ok")
        }
    }
}

extension FramingTests {
    /// A container killed while a request is on its way has accepted the connection and read the
    /// request, then closes without a byte of answer: a bodyless GET goes to another container once.
    @Test func requestThatANewBackendConnectionDropsUnansweredGoesToAnotherBackendOnceIfIdempotent() throws {
        let dying = try RawBackend { fd in _ = RawBackend.readHead(fd) }
        defer { dying.stop() }
        try Self.inFront(of: dying) { router in
            for _ in 0..<4 {
                let response = try RawClient.get(port: router.port, host: "edge.app.localhost")
                #expect(response.status == 200)
                #expect(response.text == "healthy")
            }
            // A request with a body is never sent twice: the one the dying backend took gets a 502.
            var statuses: [Int] = []
            for _ in 0..<2 {
                let client = try RawClient(port: router.port)
                try client.send("POST / HTTP/1.1\r\nHost: edge.app.localhost\r\nContent-Length: 2\r\n\r\nhi")
                statuses.append(try client.readResponse().status)
            }
            #expect(statuses.sorted() == [200, 502], "\(statuses)")
        }
    }

    /// A container that dies with a pooled connection open: the request on it is tried on a new
    /// connection to the same container (which accepts, then drops it too), then on another one.
    @Test func requestOnAPooledConnectionToADyingBackendEndsUpAtAnotherBackend() throws {
        let served = Locked(0)
        let dying = try RawBackend { fd in
            // The first connection answers one request and stays open; every later one is dropped.
            let first = served.withLock { count -> Bool in count += 1; return count == 1 }
            guard first, RawBackend.readHead(fd) != nil else { _ = RawBackend.readHead(fd); return }
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\ndying".utf8))
            _ = RawBackend.readHead(fd)
        }
        defer { dying.stop() }
        try Self.inFront(of: dying) { router in
            var bodies: [String] = []
            for _ in 0..<4 {
                let response = try RawClient.get(port: router.port, host: "edge.app.localhost")
                #expect(response.status == 200)
                bodies.append(response.text)
            }
            #expect(bodies.first == "dying")
            #expect(bodies.dropFirst().allSatisfy { $0 == "healthy" }, "\(bodies)")
        }
    }

    /// A one-loop router routing edge.app.localhost to `dying` and to a backend that answers
    /// every request with "healthy", round-robin, `dying` first.
    private static func inFront(of dying: RawBackend, _ body: (Router) throws -> Void) throws {
        let healthy = try RawBackend { fd in
            while RawBackend.readHead(fd) != nil {
                try? TestSockets.sendAll(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nhealthy".utf8))
            }
        }
        defer { healthy.stop() }
        let router = try Router.start(RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1), log: { _ in })
        defer { router.stop() }
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["edge.app.localhost"], deployment: "edge/default", backends: [dying.address, healthy.address]),
        ])))
        try body(router)
    }
}

@Suite(.serialized)
struct BackPressureTests {
    @Test func largeUploadToASlowBackendCompletesWithoutBufferingItWhole() throws {
        let backend = try RawBackend { fd in
            guard let (head, rest) = RawBackend.readHead(fd) else { return }
            let length = head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
            var received = rest.count
            while received < length, let bytes = try? TestSockets.receive(fd, max: 16384) {
                received += bytes.count
                if received % (1 << 20) < 16384 { usleep(20_000) }   // a slow reader
            }
            let body = "received=\(received)"
            try? TestSockets.sendAll(fd, Array("HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8))
        }
        defer { backend.stop() }
        let router = try Router.start(RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1), log: { _ in })
        defer { router.stop() }
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["edge.app.localhost"], deployment: "edge/default", backends: [backend.address]),
        ])))
        let client = try RawClient(port: router.port)
        let total = 24 << 20
        try client.send("POST / HTTP/1.1\r\nHost: edge.app.localhost\r\nContent-Length: \(total)\r\n\r\n")
        let piece = [UInt8](repeating: 0x7a, count: 1 << 20)
        for _ in 0..<(total >> 20) { try client.send(piece) }
        #expect(try client.readResponse().text == "received=\(total)")
    }
}

@Suite(.serialized)
struct HalfCloseTests {
    @Test func pipelinedRequestsFollowedByAHalfCloseAreAllAnswered() throws {
        let backend = try TestBackend(name: "a")
        defer { backend.stop() }
        let router = try Router.start(RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1), log: { _ in })
        defer { router.stop() }
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["edge.app.localhost"], deployment: "edge/default", backends: [backend.address]),
        ])))
        let client = try RawClient(port: router.port)
        try client.send((1...3).map { "GET /\($0) HTTP/1.1\r\nHost: edge.app.localhost\r\n\r\n" }.joined())
        shutdown(client.fd, Int32(SHUT_WR))
        for i in 1...3 { #expect(try client.readResponse().echoed("target") == ["/\(i)"]) }
        #expect(client.isClosedByPeer())
    }
}
