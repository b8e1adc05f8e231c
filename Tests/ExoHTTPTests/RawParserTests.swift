import ExoHTTP
import Testing

/// The raw parsers (heads as bytes, bodies as ranges) used by the router must accept and refuse
/// exactly what the String-based parsers do, and find the same heads and bodies.
struct RawParserTests {
    static let rejected = (try? Fixtures.names(in: "rejected")) ?? []
    static let requests = (try? Fixtures.names(in: "requests")) ?? []
    static let responses = (try? Fixtures.names(in: "responses")) ?? []

    /// Feeds `input` in pieces of `step` bytes, the way an event loop would: unconsumed bytes are
    /// kept and handed in again with the next piece.
    private func rawRequestEvents(_ input: [UInt8], step: Int) throws(HTTPParseError) -> [Flat<HTTPRequestHead>] {
        var parser = HTTPRawRequestParser()
        var events: [HTTPParserEvent<HTTPRequestHead>] = []
        var pending: [UInt8] = []
        var index = 0
        while index < input.count {
            pending += input[index..<min(index + step, input.count)]
            index += step
            let result = pending.withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) in
                    var offset = 0
                    while let event = try parser.next(buffer, at: &offset) {
                        switch event {
                        case .head(let head):
                            events.append(.head(HTTPRequestHead(
                                method: String(decoding: head.method, as: UTF8.self),
                                target: String(decoding: head.target, as: UTF8.self),
                                version: head.version, headers: head.raw.headers())))
                        case .body(let range): events.append(.body(Array(UnsafeRawBufferPointer(rebasing: buffer[range]))))
                        case .end: events.append(.end)
                        }
                    }
                    return offset
                }
            }
            pending.removeFirst(try result.get())
        }
        return Flat.flatten(events)
    }

    private func rawResponseEvents(_ input: [UInt8], step: Int) throws(HTTPParseError) -> [Flat<HTTPResponseHead>] {
        var parser = HTTPRawResponseParser()
        var events: [HTTPParserEvent<HTTPResponseHead>] = []
        var pending: [UInt8] = []
        var index = 0
        while index < input.count {
            pending += input[index..<min(index + step, input.count)]
            index += step
            let result = pending.withUnsafeBytes { buffer in
                Result { () throws(HTTPParseError) in
                    var offset = 0
                    while let event = try parser.next(buffer, at: &offset) {
                        switch event {
                        case .head(let head):
                            events.append(.head(HTTPResponseHead(
                                status: head.status, reason: String(decoding: head.reason, as: UTF8.self),
                                version: head.version, headers: head.raw.headers())))
                        case .body(let range): events.append(.body(Array(UnsafeRawBufferPointer(rebasing: buffer[range]))))
                        case .end: events.append(.end)
                        }
                    }
                    return offset
                }
            }
            pending.removeFirst(try result.get())
        }
        for event in try parser.finishAtEOF() { if case .end = event { events.append(.end) } }
        return Flat.flatten(events)
    }

    @Test(arguments: rejected)
    func rawRequestParserRefusesEverySmugglingFixtureWithTheSameStatus(name: String) throws {
        let input = try Fixtures.bytes("rejected/\(name)")
        let status = Int(name.split(separator: ".").dropLast().last!)!
        for step in [input.count, 7, 1] {
            let error = #expect(throws: HTTPParseError.self) { _ = try rawRequestEvents(input, step: step) }
            #expect(error?.status == status, "\(name) in steps of \(step): \(error?.reason ?? "")")
        }
    }

    @Test(arguments: requests)
    func rawRequestParserFindsTheSameMessages(name: String) throws {
        let input = try Fixtures.bytes("requests/\(name)")
        var legacy = HTTPRequestParser()
        let expected = Flat.flatten(try legacy.feed(input))
        #expect(expected.count >= 2)
        for step in [input.count, 5, 1] {
            #expect(try rawRequestEvents(input, step: step) == expected, "\(name) in steps of \(step)")
        }
    }

    @Test(arguments: responses)
    func rawResponseParserFindsTheSameMessages(name: String) throws {
        let input = try Fixtures.bytes("responses/\(name)")
        var legacy = HTTPResponseParser()
        var expected = try legacy.feed(input)
        expected += try legacy.finishAtEOF()
        for step in [input.count, 5, 1] {
            #expect(try rawResponseEvents(input, step: step) == Flat.flatten(expected), "\(name) in steps of \(step)")
        }
    }

    @Test func fieldNamesAreClassifiedIgnoringCase() throws {
        var parser = HTTPRawRequestParser()
        let input = bytes("GET / HTTP/1.1\r\nhOST: a\r\nX-FORWARDED-FOR: 1\r\nx-forwarded-port: 2\r\nProxy-Foo: 3\r\n"
            + "Hosts: 4\r\nTE: 5\r\nConnection: close\r\nX-Request-Start: 6\r\n\r\n")
        var offset = 0
        let event = try input.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try parser.next(buffer, at: &offset) }
        }.get()
        guard case .head(let head) = event else { Issue.record("no head"); return }
        #expect(head.raw.fields.map(\.kind) == [.host, .xForwardedFor, .xForwardedPort, .proxy, .other, .te, .connection, .xRequestStart])
        #expect(head.raw.hasToken("close", in: .connection))
        #expect(!head.keepAlive)
        #expect(!head.isHEAD)
    }
}
