import ExoHTTP
import Testing

struct RequestParserTests {
    @Test func parsesSimpleGet() throws {
        var parser = HTTPRequestParser()
        let events = try parser.feed(Array("GET /x HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(events.count == 2)
        guard case .head(let head) = events[0] else { Issue.record("no head"); return }
        #expect(head.method == "GET")
        #expect(head.target == "/x")
        #expect(head.headers["host"] == "a")
    }
}
