import ExoHTTP
import ExoNet
import Dispatch
import Foundation
import Synchronization
import Testing

struct ServerBasicsTests {
    @Test func requestPartsReachTheHandler() throws {
        try withServer({ request, response in
            let body = try request.readBody(limit: 1 << 20)
            try response.send(status: 200, headers: [("Content-Type", "text/plain")],
                              body: bytes("\(request.method) \(request.path) \(request.query["q"] ?? "-") \(body.count)"))
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "POST", url: url(server, "/a%20b?q=x+y"), body: bytes("hello"))
            #expect(response.status == 200)
            #expect(response.text == "POST /a b x y 5")
            #expect(response.headers["Content-Type"] == "text/plain")
        }
    }

    @Test func keepAliveConnectionIsReusedForSeveralRequests() throws {
        let peers = Mutex<[String]>([])
        try withServer({ request, response in
            peers.withLock { $0.append(request.remoteAddress) }
            try response.send(status: 200, body: bytes(request.path))
        }) { server in
            let connection = try HTTPClientConnection(url: try HTTPURL(parsing: url(server, "/")), timeout: 5)
            for i in 0..<3 {
                let response = try connection.send(method: "GET", target: "/r\(i)")
                #expect(response.text == "/r\(i)")
                #expect(connection.isReusable)
            }
        }
        let seen = peers.withLock { $0 }
        #expect(seen.count == 3)
        #expect(Set(seen).count == 1)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        try withServer({ request, response in
            let body = try request.readBody(limit: 100)
            try response.send(status: 200, body: bytes(request.path + ":" + String(decoding: body, as: UTF8.self)))
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("POST /1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nabGET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
                     + "GET /3 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            let (text, closed) = raw.readToEOF()
            #expect(closed)
            let first = try #require(text.range(of: "/1:ab"))
            let second = try #require(text.range(of: "/2:"))
            let third = try #require(text.range(of: "/3:"))
            #expect(first.upperBound <= second.lowerBound && second.upperBound <= third.lowerBound)
            #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count == 4)
        }
    }

    @Test func unreadBodyIsDrainedSoTheNextRequestWorks() throws {
        try withServer({ request, response in
            try response.send(status: 200, body: bytes(request.path))
        }) { server in
            let connection = try HTTPClientConnection(url: try HTTPURL(parsing: url(server, "/")), timeout: 5)
            var response = try connection.send(method: "POST", target: "/ignored", body: Array(repeating: 1, count: 100_000))
            #expect(response.text == "/ignored")
            response = try connection.send(method: "GET", target: "/next")
            #expect(response.text == "/next")
        }
    }

    @Test func headResponseCarriesLengthButNoBody() throws {
        try withServer({ _, response in
            try response.send(status: 200, body: bytes("twelve bytes"))
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("HEAD / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")
            let (text, _) = raw.readToEOF()
            let firstHeadEnd = try #require(text.range(of: "\r\n\r\n"))
            #expect(text[..<firstHeadEnd.lowerBound].contains("Content-Length: 12"))
            #expect(text[firstHeadEnd.upperBound...].hasPrefix("HTTP/1.1 200 OK\r\n"))
            #expect(text.hasSuffix("\r\n\r\ntwelve bytes"))
            #expect(text.components(separatedBy: "twelve").count == 2)
        }
    }

    @Test func handlerErrorBecomes500AndClosesTheConnection() throws {
        struct Boom: Error {}
        try withServer({ _, _ in throw Boom() }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let (text, closed) = raw.readToEOF()
            #expect(text.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
            #expect(text.contains("Connection: close"))
            #expect(closed)
        }
    }

    @Test func handlerThatSendsNothingYields500() throws {
        try withServer({ _, _ in }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: url(server, "/"))
            #expect(response.status == 500)
        }
    }

    @Test func bodyOverTheLimitIs413() throws {
        try withServer({ request, response in
            _ = try request.readBody(limit: 10)
            try response.send(status: 200)
        }) { server in
            let declared = try HTTPClient(timeout: 5).send(method: "POST", url: url(server, "/"), body: Array(repeating: 0, count: 11))
            #expect(declared.status == 413)
            let chunked = try HTTPClient(timeout: 5).send(method: "POST", url: url(server, "/"), body: .chunked(Self.pieces(3, of: 8)))
            #expect(chunked.status == 413)
        }
    }

    @Test func malformedRequestGets400AndTheConnectionIsClosed() throws {
        let calls = Mutex(0)
        try withServer({ _, response in
            calls.withLock { $0 += 1 }
            try response.send(status: 200)
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            let (text, closed) = raw.readToEOF()
            #expect(text.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
            #expect(text.contains("Connection: close\r\n"))
            #expect(closed)
        }
        #expect(calls.withLock { $0 } == 0)
    }

    @Test func oversizedHeaderGets431() throws {
        try withServer({ _, response in try response.send(status: 200) }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "x", count: 10_000))\r\n\r\n")
            #expect(raw.readToEOF().text.hasPrefix("HTTP/1.1 431 "))
        }
    }

    @Test func stopClosesIdleConnectionsAndTheListener() throws {
        let server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { _, response in
            try response.send(status: 200)
        }
        try server.start()
        let connection = try HTTPClientConnection(url: try HTTPURL(parsing: url(server, "/")), timeout: 5)
        #expect(try connection.send(method: "GET", target: "/").status == 200)
        server.stop()
        #expect(throws: (any Error).self) { _ = try connection.send(method: "GET", target: "/") }
        #expect(throws: (any Error).self) { _ = try HTTPClient(timeout: 2).send(method: "GET", url: url(server, "/")) }
    }

    /// `count` pieces of `size` bytes, as a chunked body producer.
    static func pieces(_ count: Int, of size: Int) -> @Sendable () throws -> [UInt8]? {
        let sent = Mutex(0)
        return {
            sent.withLock { n in
                guard n < count else { return nil }
                n += 1
                return [UInt8](repeating: UInt8(truncatingIfNeeded: n), count: size)
            }
        }
    }
}

struct ServerLimitsTests {
    @Test func idleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws {
        try withServer(options: HTTPServerOptions(idleTimeout: 0.2), { _, response in try response.send(status: 200) }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            let start = ContinuousClock.now
            let (text, closed) = raw.readToEOF()
            #expect(text.hasPrefix("HTTP/1.1 200 OK"))
            #expect(closed)
            #expect(ContinuousClock.now - start < .seconds(3))
        }
    }

    @Test func connectionsBeyondTheLimitGet503() throws {
        let release = DispatchSemaphore(value: 0)
        try withServer(options: HTTPServerOptions(maxConnections: 1), { _, response in
            _ = release.wait(timeout: .now() + 5)
            try response.send(status: 200)
        }) { server in
            let first = try RawSocket(port: server.port)
            first.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n")
            Thread.sleep(forTimeInterval: 0.2)
            let second = try RawSocket(port: server.port)
            #expect(second.readToEOF().text.hasPrefix("HTTP/1.1 503 "))
            release.signal()
            #expect(first.read(until: "\r\n\r\n").hasPrefix("HTTP/1.1 200 OK"))
        }
    }

    @Test func noContentResponseIgnoresStreamedWrites() throws {
        try withServer({ _, response in
            try response.startStreaming(status: 204)
            try response.write(bytes("dropped"))
            try response.finish()
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: url(server, "/"))
            #expect(response.status == 204)
            #expect(response.body.isEmpty)
            #expect(response.headers["Transfer-Encoding"] == nil)
        }
    }
}

struct HandlerFailureTests {
    @Test func networkErrorFromAnotherConnectionStillGets500() throws {
        try withServer({ _, _ in
            _ = try HTTPClient(timeout: 1).send(method: "GET", url: "http://127.0.0.1:1/")
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: url(server, "/"))
            #expect(response.status == 500)
            #expect(response.text == "internal server error\n")
        }
    }

    @Test func parseErrorThrownByTheHandlerKeepsItsStatus() throws {
        try withServer({ _, _ in throw HTTPParseError(status: 422, reason: "nope") }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: url(server, "/"))
            #expect(response.status == 422)
            #expect(response.text == "nope\n")
        }
    }
}

struct SlowClientTests {
    @Test func requestHeadTricklingPastTheHeadTimeoutGets408() throws {
        try withServer(options: HTTPServerOptions(headTimeout: 0.5), { _, response in try response.send(status: 200) }) { server in
            let raw = try RawSocket(port: server.port)
            let start = ContinuousClock.now
            for piece in ["GET / HT", "TP/1.1\r\n", "Host: h\r\n", "X-Slow: 1\r\n", "X-Slow: 2\r\n"] {
                raw.send(piece)
                Thread.sleep(forTimeInterval: 0.2)
            }
            let (text, closed) = raw.readToEOF()
            #expect(text.hasPrefix("HTTP/1.1 408 "))
            #expect(closed)
            #expect(ContinuousClock.now - start < .seconds(4))
        }
    }
}
