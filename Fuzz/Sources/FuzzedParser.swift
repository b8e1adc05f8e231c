/// The common surface of both parsers, so one checker drives either.
protocol FuzzedParser {
    associatedtype Head: Sendable & Equatable
    mutating func consume(_ bytes: UnsafeRawBufferPointer, into events: inout [HTTPParserEvent<Head>],
                          stopAfterMessage: Bool) throws(HTTPParseError) -> Int
    /// finishAtEOF, with the request parser's Void result widened to no events.
    mutating func finish() throws(HTTPParseError) -> [HTTPParserEvent<Head>]
}

extension HTTPRequestParser: FuzzedParser {
    mutating func finish() throws(HTTPParseError) -> [HTTPParserEvent<HTTPRequestHead>] {
        try finishAtEOF()
        return []
    }
}

extension HTTPResponseParser: FuzzedParser {
    mutating func finish() throws(HTTPParseError) -> [HTTPParserEvent<HTTPResponseHead>] {
        try finishAtEOF()
    }
}

/// What one way of feeding the input produced: every event up to the end or the first error.
struct FeedOutcome<Head: Sendable & Equatable>: Equatable {
    var events: [HTTPParserEvent<Head>] = []
    var error: HTTPParseError?
    /// Body pieces depend on how the input was split; merge them so only the bytes are compared.
    var normalized: [HTTPParserEvent<Head>] {
        var out: [HTTPParserEvent<Head>] = []
        for event in events {
            if case .body(let more) = event {
                if more.isEmpty { continue }
                if case .body(let sofar)? = out.last { out[out.count - 1] = .body(sofar + more); continue }
            }
            out.append(event)
        }
        return out
    }
}
