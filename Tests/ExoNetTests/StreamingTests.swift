import Dispatch
import ExoHTTP
import ExoNet
import Foundation
import Synchronization
import Testing

struct StreamingTests {
    @Test func chunkedUploadOfSeveralMegabytesArrivesByteExact() throws {
        let pieceSize = 65_536, pieceCount = 80   // 5 MiB
        try withServer({ request, response in
            var total = 0
            var checksum: UInt64 = 0
            var chunks = 0
            while let chunk = try request.readBodyChunk() {
                total += chunk.count
                chunks += 1
                for byte in chunk { checksum = checksum &* 31 &+ UInt64(byte) }
            }
            #expect(request.headers["Transfer-Encoding"] == "chunked")
            try response.send(status: 200, body: bytes("\(total) \(checksum)"))
        }) { server in
            let response = try HTTPClient(timeout: 10).send(method: "PUT", url: url(server, "/upload"),
                                                            body: .chunked(ServerBasicsTests.pieces(pieceCount, of: pieceSize)))
            var checksum: UInt64 = 0
            for piece in 1...pieceCount {
                for _ in 0..<pieceSize { checksum = checksum &* 31 &+ UInt64(UInt8(truncatingIfNeeded: piece)) }
            }
            #expect(response.text == "\(pieceSize * pieceCount) \(checksum)")
        }
    }

    @Test func largeContentLengthResponseArrivesWhole() throws {
        let payload = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try withServer({ _, response in try response.send(status: 200, body: payload) }) { server in
            let response = try HTTPClient(timeout: 10).send(method: "GET", url: url(server, "/big"))
            #expect(response.body == payload)
        }
    }

    @Test func streamedResponseArrivesPieceByPiece() throws {
        // The server sends its second piece only after the client has seen the first: this passes
        // only if each write is flushed to the client as it happens.
        let firstSeen = DispatchSemaphore(value: 0)
        try withServer({ _, response in
            try response.startStreaming(status: 200, headers: [("Content-Type", "text/plain")])
            try response.write(bytes("first\n"))
            let waited = firstSeen.wait(timeout: .now() + 5)
            try response.write(bytes(waited == .success ? "second\n" : "late\n"))
            try response.finish()
        }) { server in
            var status = 0
            var pieces: [String] = []
            try HTTPClient(timeout: 10).stream(method: "GET", url: url(server, "/"), onHead: { status = $0.status }, onBody: { piece in
                pieces.append(String(decoding: piece, as: UTF8.self))
                if pieces.count == 1 { firstSeen.signal() }
            })
            #expect(status == 200)
            #expect(pieces == ["first\n", "second\n"])
        }
    }

    @Test func http10ClientGetsACloseDelimitedStream() throws {
        try withServer({ _, response in
            try response.startStreaming(status: 200)
            try response.write(bytes("a"))
            try response.write(bytes("b"))
            try response.finish()
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET / HTTP/1.0\r\n\r\n")
            let (text, closed) = raw.readToEOF()
            #expect(closed)
            #expect(!text.contains("chunked"))
            #expect(text.hasSuffix("\r\n\r\nab"))
        }
    }

    @Test func http10KeepAliveIsConfirmedAndHonoured() throws {
        try withServer({ request, response in try response.send(status: 200, body: bytes(request.path)) }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            let first = raw.read(until: "/a")
            #expect(first.contains("Connection: keep-alive\r\n"))
            raw.send("GET /b HTTP/1.0\r\n\r\n")
            let (second, closed) = raw.readToEOF()
            #expect(second.hasSuffix("/b") && second.contains("Connection: close\r\n"))
            #expect(closed)
        }
    }

    @Test func expectContinueIsAnsweredWhenTheHandlerReadsTheBody() throws {
        try withServer({ request, response in
            let body = try request.readBody(limit: 100)
            try response.send(status: 200, body: body)
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            #expect(raw.read(until: "\r\n\r\n") == "HTTP/1.1 100 Continue\r\n\r\n")
            raw.send("hello")
            #expect(raw.read(until: "hello").hasSuffix("\r\n\r\nhello"))
        }
    }

    @Test func expectContinueIsNotSentWhenTheHandlerAnswersFirst() throws {
        try withServer({ _, response in
            try response.send(status: 401, body: bytes("no"))
        }) { server in
            let raw = try RawSocket(port: server.port)
            raw.send("PUT / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            let (text, closed) = raw.readToEOF()
            #expect(text.hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
            #expect(text.contains("Connection: close"))
            #expect(closed)
        }
    }

    @Test func clientWaitsForContinueBeforeSendingTheBody() throws {
        try withServer({ request, response in
            try response.send(status: 200, body: try request.readBody(limit: 100))
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "POST", url: url(server, "/"),
                                                           headers: [("Expect", "100-continue")], body: bytes("payload"))
            #expect(response.status == 200)
            #expect(response.text == "payload")
        }
    }
}
