import ExoRouter
import Glibc
import Synchronization
import Testing

/// A tunnel (after 101) ends like a TCP connection: when one side closes, what it sent is
/// delivered to the other side before that side sees the close, as a half-close, and the other
/// direction keeps flowing until it closes too.
@Suite(.serialized)
struct TunnelCloseTests {
    final class Count: Sendable {
        let value = Atomic<Int>(-1)
    }

    private func router(to backend: String, timeouts: RouterTimeouts = RouterTimeouts()) throws -> Router {
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        config.timeouts = timeouts
        let router = try Router.start(config, log: { _ in })
        router.routes.replace(with: RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["ws.app.localhost"], deployment: "ws/default", backends: [backend]),
        ])))
        return router
    }

    private static let upgrade = "GET /ws HTTP/1.1\r\nHost: ws.app.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
    private static let switched = Array("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n".utf8)

    @Test func bytesTheClientSentBeforeClosingAllReachTheBackendWhichCanStillAnswer() throws {
        let backend = try RawBackend { fd in
            guard let (_, rest) = RawBackend.readHead(fd) else { return }
            try? TestSockets.sendAll(fd, Self.switched)
            usleep(300_000)   // the router queues the client's bytes meanwhile
            var total = rest.count
            while let bytes = try? TestSockets.receive(fd) { total += bytes.count }
            try? TestSockets.sendAll(fd, Array("got \(total)".utf8))
        }
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send(Self.upgrade)
        let head = try #require(RawBackend.readHead(client.fd))
        #expect(head.head.hasPrefix("HTTP/1.1 101"))
        let payload = [UInt8](repeating: 0x61, count: 2 << 20)
        try client.send(payload)
        shutdown(client.fd, Int32(SHUT_WR))
        var answer = head.rest
        while let bytes = try TestSockets.receive(client.fd) { answer += bytes }
        #expect(String(decoding: answer, as: UTF8.self) == "got \(payload.count)")
    }

    @Test func afterTheBackendClosesTheClientGetsEverythingThenAHalfCloseAndCanStillSend() throws {
        let received = Count()
        let backend = try RawBackend { fd in
            guard RawBackend.readHead(fd) != nil else { return }
            try? TestSockets.sendAll(fd, Self.switched + Array(repeating: 0x62, count: 1 << 20))
            shutdown(fd, Int32(SHUT_WR))
            var total = 0
            while let bytes = try? TestSockets.receive(fd) { total += bytes.count }
            received.value.store(total, ordering: .releasing)
        }
        defer { backend.stop() }
        let router = try router(to: backend.address)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send(Self.upgrade)
        usleep(200_000)   // the backend has sent and half-closed; the router holds what the client has not read
        let head = try #require(RawBackend.readHead(client.fd))
        var tunnelled = head.rest.count
        while let bytes = try TestSockets.receive(client.fd) { tunnelled += bytes.count }
        #expect(tunnelled == 1 << 20)
        let late = Array("sent after the backend finished".utf8)
        try client.send(late)
        shutdown(client.fd, Int32(SHUT_WR))
        for _ in 0..<100 where received.value.load(ordering: .acquiring) < 0 { usleep(50_000) }
        #expect(received.value.load(ordering: .acquiring) == late.count)
    }

    @Test func aTunnelWithNoTrafficEitherWayIsClosedAfterTheReadAndSendTimeouts() throws {
        let backend = try RawBackend { fd in
            guard RawBackend.readHead(fd) != nil else { return }
            try? TestSockets.sendAll(fd, Self.switched)
            while (try? TestSockets.receive(fd)) != nil {}
        }
        defer { backend.stop() }
        var timeouts = RouterTimeouts()
        (timeouts.read, timeouts.send) = (0.6, 0.6)
        let router = try router(to: backend.address, timeouts: timeouts)
        defer { router.stop() }
        let client = try RawClient(port: router.port)
        try client.send(Self.upgrade)
        _ = try #require(RawBackend.readHead(client.fd))
        for _ in 0..<4 {   // traffic keeps it open past the timeout
            usleep(300_000)
            try client.send("ping")
        }
        let start = ContinuousClock.now
        #expect(try TestSockets.receive(client.fd) == nil)
        let waited = ContinuousClock.now - start
        #expect(waited > .milliseconds(300) && waited < .milliseconds(1500))
    }
}
