import ExoHTTP
import Testing

struct SerializerTests {
    @Test func requestHeadRoundTripsThroughTheParser() throws {
        let head = HTTPRequestHead(method: "POST", target: "/a?b=c", headers: ["Host": "h", "X-A": "1"])
        var parser = HTTPRequestParser()
        let events = try parser.feed(HTTPSerializer.requestHead(head))
        #expect(Flat.flatten(events) == [.head(head), .end])
    }

    @Test func responseHeadUsesTheStandardReason() {
        let head = HTTPResponseHead(status: 404, headers: ["Content-Length": "0"])
        #expect(HTTPSerializer.responseHead(head).text == "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
    }

    @Test func chunksAreHexSizedAndEmptyChunksVanish() {
        #expect(HTTPSerializer.chunk(Array(repeating: 65, count: 26)).text == "1a\r\n" + String(repeating: "A", count: 26) + "\r\n")
        #expect(HTTPSerializer.chunk([]).isEmpty)
        #expect(HTTPSerializer.lastChunk.text == "0\r\n\r\n")
    }

    @Test func lineBreaksInValuesCannotSplitTheMessage() {
        let head = HTTPResponseHead(status: 200, headers: ["X-Evil": "a\r\nSet-Cookie: x"])
        #expect(HTTPSerializer.responseHead(head).text == "HTTP/1.1 200 OK\r\nX-Evil: a  Set-Cookie: x\r\n\r\n")
    }

    @Test func chunkedOutputParsesBackToTheSameBytes() throws {
        var wire = HTTPSerializer.requestHead(HTTPRequestHead(method: "PUT", target: "/", headers: ["Host": "h", "Transfer-Encoding": "chunked"]))
        let pieces: [[UInt8]] = [bytes("one"), Array(repeating: 7, count: 5000), bytes("three")]
        for piece in pieces { wire += HTTPSerializer.chunk(piece) }
        wire += HTTPSerializer.lastChunk
        var parser = HTTPRequestParser()
        let events = Flat.flatten(try parser.feed(wire))
        #expect(events[1] == .body(pieces.flatMap { $0 }))
        #expect(events[2] == .end)
    }
}
