import Dispatch
import ExoNet
import Foundation
import Testing

/// A full server makes room by closing the connection idle longest; only when every connection
/// is in an exchange does a newcomer get 503.
struct AdmissionTests {
    static let options = HTTPServerOptions(timeout: 30, maxConnections: 4)
    static let request = "GET / HTTP/1.1\r\nHost: h\r\n\r\n"

    /// A kept-alive connection that has had one answered request and now waits for the next.
    private func idleConnection(_ server: HTTPServer) throws -> RawSocket {
        let socket = try RawSocket(port: server.port)
        socket.send(Self.request)
        #expect(socket.read(until: "ok").hasPrefix("HTTP/1.1 200 OK"))
        return socket
    }

    @Test func aFullServerOfIdleConnectionsClosesTheOldestToAdmitANewOne() throws {
        try withServer(options: Self.options, { _, response in
            try response.send(status: 200, body: bytes("ok"))
        }) { server in
            var idle: [RawSocket] = []
            for _ in 0..<4 {
                idle.append(try idleConnection(server))
                Thread.sleep(forTimeInterval: 0.05)
            }
            let newcomer = try RawSocket(port: server.port)
            newcomer.send(Self.request)
            #expect(newcomer.read(until: "ok").hasPrefix("HTTP/1.1 200 OK"))
            // The oldest was closed without a response; the others still serve.
            idle[0].setTimeout(2)
            let oldest = idle[0].readToEOF()
            #expect(oldest.closed && oldest.text.isEmpty)
            for socket in idle.dropFirst() {
                socket.send(Self.request)
                #expect(socket.read(until: "ok").hasPrefix("HTTP/1.1 200 OK"))
            }
        }
    }

    @Test func connectionsThatNeverSentAHeadAreEvictedLikeIdleOnes() throws {
        try withServer(options: Self.options, { _, response in
            try response.send(status: 200, body: bytes("ok"))
        }) { server in
            // Slow heads: connected, half a request line, nothing more.
            var slow: [RawSocket] = []
            for _ in 0..<4 {
                let socket = try RawSocket(port: server.port)
                socket.send("GET / HT")
                slow.append(socket)
            }
            Thread.sleep(forTimeInterval: 0.2)
            for _ in 0..<3 {
                let newcomer = try RawSocket(port: server.port)
                newcomer.send(Self.request)
                #expect(newcomer.read(until: "ok").hasPrefix("HTTP/1.1 200 OK"))
            }
        }
    }

    @Test func onlyWhenEveryConnectionIsInAnExchangeDoesANewcomerGet503() throws {
        let release = DispatchSemaphore(value: 0)
        try withServer(options: Self.options, { request, response in
            if request.path == "/slow" { _ = release.wait(timeout: .now() + 10) }
            try response.send(status: 200, body: bytes("ok"))
        }) { server in
            var busy: [RawSocket] = []
            for _ in 0..<3 {
                let socket = try RawSocket(port: server.port)
                socket.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
                busy.append(socket)
            }
            let idle = try idleConnection(server)
            Thread.sleep(forTimeInterval: 0.2)
            // Three busy, one idle: the idle one makes room.
            let fourth = try RawSocket(port: server.port)
            fourth.send("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n")
            busy.append(fourth)
            idle.setTimeout(2)
            #expect(idle.readToEOF().closed)
            Thread.sleep(forTimeInterval: 0.2)
            // Four busy: nobody to evict.
            let refused = try RawSocket(port: server.port)
            #expect(refused.readToEOF().text.hasPrefix("HTTP/1.1 503 "))
            for _ in busy { release.signal() }
            for socket in busy { #expect(socket.read(until: "ok").hasPrefix("HTTP/1.1 200 OK")) }
        }
    }
}
