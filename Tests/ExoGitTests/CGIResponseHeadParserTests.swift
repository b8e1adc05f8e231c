import Testing
@testable import ExoGit

struct CGIResponseHeadParserTests {
    private func parse(_ chunks: [String]) throws -> CGIResponseHead? {
        var parser = CGIResponseHeadParser()
        for chunk in chunks {
            if let head = try parser.feed(Array(chunk.utf8)) { return head }
        }
        return nil
    }

    @Test func statusAfterOtherHeadersSetsTheStatus() throws {
        let head = try #require(try parse(["Expires: Fri\r\nPragma: no-cache\r\nStatus: 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nbody"]))
        #expect(head.status == 403)
        #expect(head.headers == [CGIHeader(name: "Expires", value: "Fri"), CGIHeader(name: "Pragma", value: "no-cache"),
                                 CGIHeader(name: "Content-Type", value: "text/plain")])
        #expect(head.bodyStart == Array("body".utf8))
    }

    @Test func bareLineFeedsEndTheHeadToo() throws {
        let head = try #require(try parse(["Content-Type: a\nX: 1\n\nrest\n"]))
        #expect(head.status == 200)
        #expect(head.headers.count == 2)
        #expect(head.bodyStart == Array("rest\n".utf8))
    }

    @Test func duplicateHeadersAreKeptInOrder() throws {
        let head = try #require(try parse(["Set-Cookie: a\r\nSet-Cookie: b\r\n\r\n"]))
        #expect(head.headers.map(\.value) == ["a", "b"])
    }

    @Test func blankLineSplitAcrossReadsIsFound() throws {
        #expect(try parse(["Content-Type: x\r", "\n\r", "\nB"])?.bodyStart == Array("B".utf8))
        #expect(try parse(["Content-Type: x\n", "\n"])?.headers.count == 1)
        #expect(try parse(["Content-Type: x\r\n"]) == nil)
    }

    @Test func framingHeadersAreDroppedBecauseTheBridgeReframes() throws {
        let head = try #require(try parse(["Content-Length: 5\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n"]))
        #expect(head.headers == [CGIHeader(name: "X-A", value: "1")])
    }

    @Test func locationWithoutStatusIsARedirect() throws {
        #expect(try parse(["Location: /x\n\n"])?.status == 302)
    }

    @Test func malformedLinesAndStatusesAreRejected() {
        #expect(throws: CGIOutputError.self) { try parse(["no colon here\n\n"]) }
        #expect(throws: CGIOutputError.self) { try parse(["Status: abc\n\n"]) }
        #expect(throws: CGIOutputError.self) { try parse([String(repeating: "X-Long: aaaaaaaa\n", count: 5000)]) }
    }
}
