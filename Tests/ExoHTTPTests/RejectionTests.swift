import ExoHTTP
import Testing

/// Each file in Fixtures/ExoHTTP/rejected is one smuggling or malformation form, named NAME.STATUS.http.
struct RejectionTests {
    static let names = (try? Fixtures.names(in: "rejected")) ?? []

    private func expectedStatus(_ name: String) -> Int {
        Int(name.split(separator: ".").dropLast().last!)!
    }

    @Test func fixturesArePresent() {
        #expect(Self.names.count >= 40)
    }

    @Test(arguments: names)
    func rejectedWhenFedWhole(name: String) throws {
        let input = try Fixtures.bytes("rejected/\(name)")
        var parser = HTTPRequestParser()
        let error = #expect(throws: HTTPParseError.self) { _ = try parser.feed(input) }
        #expect(error?.status == expectedStatus(name), "\(error?.reason ?? "")")
    }

    @Test(arguments: names)
    func rejectedWhenFedByteAtATime(name: String) throws {
        let input = try Fixtures.bytes("rejected/\(name)")
        var parser = HTTPRequestParser()
        let error = #expect(throws: HTTPParseError.self) {
            for byte in input { _ = try parser.feed([byte]) }
        }
        #expect(error?.status == expectedStatus(name))
    }

    @Test func identicalDuplicateContentLengthsAreAccepted() throws {
        var parser = HTTPRequestParser()
        let events = try parser.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"))
        #expect(Flat.flatten(events).dropFirst().first == .body(bytes("abc")))
    }

    @Test func transferEncodingIsCaseInsensitive() throws {
        var parser = HTTPRequestParser()
        let events = try parser.feed(bytes("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: Chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"))
        #expect(Flat.flatten(events).dropFirst().first == .body(bytes("ok")))
    }
}
