import ExoHTTP
import Testing

struct LimitTests {
    private func status(_ input: String, _ limits: HTTPParserLimits) -> Int? {
        var parser = HTTPRequestParser(limits: limits)
        do {
            _ = try parser.feed(bytes(input))
            return nil
        } catch {
            return error.status
        }
    }

    @Test func overlongHeaderLineIs431() {
        let limits = HTTPParserLimits(maxHeaderLineLength: 64)
        #expect(status("GET / HTTP/1.1\r\nHost: h\r\nX-Big: \(String(repeating: "a", count: 100))\r\n\r\n", limits) == 431)
        #expect(status("GET / HTTP/1.1\r\nHost: h\r\nX-Ok: \(String(repeating: "a", count: 50))\r\n\r\n", limits) == nil)
    }

    @Test func overlargeHeaderBlockIs431() {
        let limits = HTTPParserLimits(maxHeaderBlockSize: 200)
        let fields = (0..<20).map { "X-F\($0): value\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", limits) == 431)
    }

    @Test func tooManyHeadersIs431() {
        let limits = HTTPParserLimits(maxHeaderCount: 5)
        let fields = (0..<6).map { "X-F\($0): v\r\n" }.joined()
        #expect(status("GET / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n", limits) == 431)
    }

    @Test func overlongRequestLineIs414() {
        let limits = HTTPParserLimits(maxStartLineLength: 32)
        #expect(status("GET /\(String(repeating: "a", count: 40)) HTTP/1.1\r\nHost: h\r\n\r\n", limits) == 414)
    }

    @Test func declaredBodyOverLimitIs413() {
        let limits = HTTPParserLimits(maxContentLength: 10)
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n", limits) == 413)
    }

    @Test func overlongTrailerSectionIs431() {
        let limits = HTTPParserLimits(maxHeaderBlockSize: 100)
        let trailers = (0..<10).map { "X-T\($0): value\r\n" }.joined()
        #expect(status("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\(trailers)\r\n", limits) == 431)
    }
}
