/// The raw parsers (the router's fast path: heads as bytes, bodies as ranges, one event per pull)
/// must find exactly what the String parsers find: the same heads, body bytes, ends and error.
/// The input is pulled in two pieces, split at `split`, as an event loop would see it.
func checkRawRequestParser(_ message: UnsafeRawBufferPointer, split: Int, limits: HTTPParserLimits) {
    var legacy = HTTPRequestParser(limits: limits)
    var expected = FeedOutcome<HTTPRequestHead>()
    do throws(HTTPParseError) {
        _ = try legacy.consume(message, into: &expected.events, stopAfterMessage: false)
        try legacy.finishAtEOF()
    } catch {
        expected.error = error
    }
    var raw = HTTPRawRequestParser(limits: limits)
    var got = FeedOutcome<HTTPRequestHead>()
    do throws(HTTPParseError) {
        for piece in [UnsafeRawBufferPointer(rebasing: message[..<split]), UnsafeRawBufferPointer(rebasing: message[split...])] {
            var offset = 0
            while let event = try raw.next(piece, at: &offset) {
                switch event {
                case .head(let head):
                    got.events.append(.head(HTTPRequestHead(method: String(decoding: head.method, as: UTF8.self),
                                                            target: String(decoding: head.target, as: UTF8.self),
                                                            version: head.version, headers: head.raw.headers())))
                    if head.keepAlive != got.lastRequestKeepAlive { violated("raw keepAlive differs") }
                    if head.isHEAD != (String(decoding: head.method, as: UTF8.self) == "HEAD") { violated("raw isHEAD differs") }
                case .body(let range): got.events.append(.body(Array(UnsafeRawBufferPointer(rebasing: piece[range]))))
                case .end: got.events.append(.end)
                }
            }
            if offset != piece.count { violated("raw request parser left \(piece.count - offset) bytes") }
        }
        try raw.finishAtEOF()
    } catch {
        got.error = error
    }
    if got.normalized != expected.normalized || got.error != expected.error {
        violated("raw request parser differs: \(got.normalized.count) vs \(expected.normalized.count) events, "
            + "error \(got.error.map { "\($0)" } ?? "none") vs \(expected.error.map { "\($0)" } ?? "none")")
    }
}

/// The same for responses; the legacy parser frames only the first final response by `method`,
/// so the raw parser's method goes back to `.other` after the first final head.
func checkRawResponseParser(_ message: UnsafeRawBufferPointer, split: Int, limits: HTTPParserLimits, method: String) {
    var legacy = HTTPResponseParser(limits: limits)
    legacy.expect(requestMethod: method)
    var expected = FeedOutcome<HTTPResponseHead>()
    do throws(HTTPParseError) {
        _ = try legacy.consume(message, into: &expected.events, stopAfterMessage: false)
        expected.events += try legacy.finishAtEOF()
    } catch {
        expected.error = error
    }
    var raw = HTTPRawResponseParser(limits: limits)
    raw.requestMethod = method == "HEAD" ? .head : method == "CONNECT" ? .connect : .other
    var got = FeedOutcome<HTTPResponseHead>()
    do throws(HTTPParseError) {
        for piece in [UnsafeRawBufferPointer(rebasing: message[..<split]), UnsafeRawBufferPointer(rebasing: message[split...])] {
            var offset = 0
            while let event = try raw.next(piece, at: &offset) {
                switch event {
                case .head(let head):
                    got.events.append(.head(HTTPResponseHead(status: head.status, reason: String(decoding: head.reason, as: UTF8.self),
                                                             version: head.version, headers: head.raw.headers())))
                    if head.status >= 200 || head.status == 101 { raw.requestMethod = .other }
                case .body(let range): got.events.append(.body(Array(UnsafeRawBufferPointer(rebasing: piece[range]))))
                case .end: got.events.append(.end)
                }
            }
            if offset != piece.count, !raw.isTunnel { violated("raw response parser left \(piece.count - offset) bytes") }
        }
        got.events += try raw.finishAtEOF().map { event -> HTTPParserEvent<HTTPResponseHead> in
            if case .end = event { return .end }
            violated("finishAtEOF gave more than an end")
        }
    } catch {
        got.error = error
    }
    if got.normalized != expected.normalized || got.error != expected.error {
        violated("raw response parser differs: \(got.normalized.count) vs \(expected.normalized.count) events, "
            + "error \(got.error.map { "\($0)" } ?? "none") vs \(expected.error.map { "\($0)" } ?? "none")")
    }
}

extension FeedOutcome where Head == HTTPRequestHead {
    /// keepAlive of the last head collected, by the String head's rules.
    var lastRequestKeepAlive: Bool {
        for case .head(let head) in events.reversed() { return head.keepAlive }
        return false
    }
}
