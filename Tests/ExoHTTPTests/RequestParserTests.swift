import ExoHTTP
import Testing

struct RequestParserTests {
    static let validFixtures = ["pipelined-gets", "post-content-length", "post-chunked-extensions-trailers",
                                "leading-crlf-and-ows", "http10"]

    private func parseWhole(_ input: [UInt8]) throws -> [Flat<HTTPRequestHead>] {
        var parser = HTTPRequestParser()
        return Flat.flatten(try parser.feed(input))
    }

    @Test func pipelinedRequestsYieldTwoMessagesInOrder() throws {
        let events = try parseWhole(try Fixtures.bytes("requests/pipelined-gets.http"))
        #expect(events.count == 4)
        guard case .head(let first) = events[0], case .head(let second) = events[2] else {
            Issue.record("unexpected events \(events)"); return
        }
        #expect(first.method == "GET" && first.target == "/one" && first.keepAlive)
        #expect(first.headers["user-agent"] == "t")
        #expect(second.target == "/two?x=1" && !second.keepAlive)
        #expect(events[1] == .end && events[3] == .end)
    }

    @Test func contentLengthBodyIsDelivered() throws {
        let events = try parseWhole(try Fixtures.bytes("requests/post-content-length.http"))
        #expect(events.count == 3)
        #expect(events[1] == .body(bytes(#"{"name":"demo"}"#)))
    }

    @Test func chunkedBodyIsDechunkedAndExtensionsAndTrailersAccepted() throws {
        let events = try parseWhole(try Fixtures.bytes("requests/post-chunked-extensions-trailers.http"))
        #expect(events.count == 3)
        #expect(events[1] == .body(bytes("hello world0123456789")))
        #expect(events[2] == .end)
    }

    @Test func leadingEmptyLineIsSkippedAndOptionalWhitespaceTrimmed() throws {
        let events = try parseWhole(try Fixtures.bytes("requests/leading-crlf-and-ows.http"))
        guard case .head(let head) = events.first else { Issue.record("no head"); return }
        #expect(head.method == "PUT")
        #expect(head.headers["Host"] == "h")
        #expect(head.headers["X-Spaces"] == "value with  inner spaces")
        #expect(events[1] == .body(bytes("abc")))
    }

    @Test func http10WithoutHostAndObsTextIsAccepted() throws {
        let events = try parseWhole(try Fixtures.bytes("requests/http10.http"))
        guard case .head(let head) = events.first else { Issue.record("no head"); return }
        #expect(head.version == .http10)
        #expect(!head.keepAlive)
        #expect(events.last == .end)
    }

    @Test(arguments: validFixtures)
    func everyTwoWaySplitYieldsTheSameEvents(name: String) throws {
        let input = try Fixtures.bytes("requests/\(name).http")
        let expected = try parseWhole(input)
        for split in 0...input.count {
            var parser = HTTPRequestParser()
            var events = try parser.feed(Array(input[..<split]))
            events += try parser.feed(Array(input[split...]))
            #expect(Flat.flatten(events) == expected, "split at \(split)")
        }
    }

    @Test(arguments: validFixtures)
    func byteAtATimeYieldsTheSameEvents(name: String) throws {
        let input = try Fixtures.bytes("requests/\(name).http")
        var parser = HTTPRequestParser()
        var events: [HTTPParserEvent<HTTPRequestHead>] = []
        for byte in input { events += try parser.feed([byte]) }
        #expect(Flat.flatten(events) == (try parseWhole(input)))
        #expect(parser.isIdle)
    }

    @Test func consumeStopsAfterEachMessageWhenAsked() throws {
        let input = try Fixtures.bytes("requests/pipelined-gets.http")
        var parser = HTTPRequestParser()
        var events: [HTTPParserEvent<HTTPRequestHead>] = []
        let used = try input.withUnsafeBytes { try parser.consume($0, into: &events, stopAfterMessage: true) }
        #expect(used == input.firstRange(of: bytes("\r\n\r\n"))!.upperBound)
        #expect(events.count == 2)
    }

    @Test func finishAtEOFRejectsATruncatedBody() throws {
        var parser = HTTPRequestParser()
        _ = try parser.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc"))
        #expect(throws: HTTPParseError.self) { try parser.finishAtEOF() }
    }

    @Test func finishAtEOFAcceptsACleanEndBetweenRequests() throws {
        var parser = HTTPRequestParser()
        _ = try parser.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        try parser.finishAtEOF()
    }

    @Test func aFailedParserKeepsFailing() throws {
        var parser = HTTPRequestParser()
        #expect(throws: HTTPParseError.self) { _ = try parser.feed(bytes("GET / HTTP/1.1\nHost: h\r\n\r\n")) }
        #expect(throws: HTTPParseError.self) { _ = try parser.feed(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n")) }
    }
}
