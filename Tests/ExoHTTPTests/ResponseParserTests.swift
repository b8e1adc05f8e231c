import ExoHTTP
import Testing

struct ResponseParserTests {
    private func parse(_ input: [UInt8], methods: [String] = [], atEOF: Bool = false) throws -> [Flat<HTTPResponseHead>] {
        var parser = HTTPResponseParser()
        for method in methods { parser.expect(requestMethod: method) }
        var events = try parser.feed(input)
        if atEOF { events += try parser.finishAtEOF() }
        return Flat.flatten(events)
    }

    private func status(_ event: Flat<HTTPResponseHead>?) -> Int? {
        if case .head(let head)? = event { return head.status }
        return nil
    }

    @Test func contentLengthResponseThenBodylessNoContent() throws {
        let events = try parse(try Fixtures.bytes("responses/content-length.http"), methods: ["GET", "DELETE"])
        #expect(events.count == 5)
        #expect(status(events[0]) == 200)
        #expect(events[1] == .body(bytes("hello world\n")))
        #expect(status(events[3]) == 204)
        #expect(events[4] == .end)
    }

    @Test func interimContinueIsItsOwnMessageBeforeTheChunkedFinalResponse() throws {
        let events = try parse(try Fixtures.bytes("responses/chunked-after-continue.http"), methods: ["POST"])
        #expect(events.count == 5)
        #expect(status(events[0]) == 100)
        #expect(events[1] == .end)
        #expect(status(events[2]) == 201)
        #expect(events[3] == .body(bytes("abc0123456789abcdef")))
    }

    @Test func closeDelimitedBodyEndsAtEOF() throws {
        let input = try Fixtures.bytes("responses/close-delimited.http")
        var parser = HTTPResponseParser()
        let before = Flat.flatten(try parser.feed(input))
        #expect(before.last != .end)
        let after = try parser.finishAtEOF()
        #expect(after.count == 1)
        #expect(try parse(input, atEOF: true)[1] == .body(bytes("all of this until EOF\r\nincluding\nnewlines")))
    }

    @Test func statusLineWithoutReasonIsAccepted() throws {
        let events = try parse(try Fixtures.bytes("responses/no-reason.http"))
        guard case .head(let head)? = events.first else { Issue.record("no head"); return }
        #expect(head.status == 404 && head.reason == "")
        #expect(events.last == .end)
    }

    @Test(arguments: ["content-length", "chunked-after-continue", "close-delimited", "no-reason"])
    func everyTwoWaySplitYieldsTheSameEvents(name: String) throws {
        let input = try Fixtures.bytes("responses/\(name).http")
        let expected = try parse(input, methods: ["POST", "GET"], atEOF: true)
        for split in 0...input.count {
            var parser = HTTPResponseParser()
            parser.expect(requestMethod: "POST")
            parser.expect(requestMethod: "GET")
            var events = try parser.feed(Array(input[..<split]))
            events += try parser.feed(Array(input[split...]))
            events += try parser.finishAtEOF()
            #expect(Flat.flatten(events) == expected, "split at \(split)")
        }
    }

    @Test func responseToHeadHasNoBodyDespiteContentLength() throws {
        let input = bytes("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        let events = try parse(input, methods: ["HEAD", "GET"])
        #expect(events.count == 5)
        #expect(events[1] == .end)
        #expect(events[3] == .body(bytes("ok")))
    }

    @Test func notModifiedHasNoBody() throws {
        let events = try parse(bytes("HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"))
        #expect(events.count == 2 && events[1] == .end)
    }

    @Test func switchingProtocolsStopsParsingAndLeavesTheRest() throws {
        var parser = HTTPResponseParser()
        let input = bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u{1}\u{2}frames")
        var events: [HTTPParserEvent<HTTPResponseHead>] = []
        let used = try input.withUnsafeBytes { try parser.consume($0, into: &events, stopAfterMessage: false) }
        #expect(parser.isTunnel)
        #expect(Array(input[used...]) == bytes("\u{1}\u{2}frames"))
        #expect(events.count == 2)
    }

    @Test func successfulConnectBecomesATunnel() throws {
        var parser = HTTPResponseParser()
        parser.expect(requestMethod: "CONNECT")
        _ = try parser.feed(bytes("HTTP/1.1 200 Connection established\r\n\r\n"))
        #expect(parser.isTunnel)
    }

    @Test func contentLengthWithTransferEncodingIs502() {
        var parser = HTTPResponseParser()
        let error = #expect(throws: HTTPParseError.self) {
            _ = try parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"))
        }
        #expect(error?.status == 502)
    }

    @Test func truncatedLengthBodyFailsAtEOF() throws {
        var parser = HTTPResponseParser()
        _ = try parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))
        #expect(throws: HTTPParseError.self) { _ = try parser.finishAtEOF() }
    }

    @Test func nonChunkedTransferCodingIsReadUntilClose() throws {
        let events = try parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw"), atEOF: true)
        #expect(events[1] == .body(bytes("raw")))
    }

    @Test func malformedStatusLineIsRejected() {
        var parser = HTTPResponseParser()
        #expect(throws: HTTPParseError.self) { _ = try parser.feed(bytes("HTTP/1.1 20 OK\r\n\r\n")) }
    }
}
