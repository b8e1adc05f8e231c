/// Incremental, strict HTTP/1.1 request parser (RFC 9112). Feed it any split of the bytes.
public struct HTTPRequestParser: Sendable {
    public typealias Event = HTTPParserEvent<HTTPRequestHead>
    private var core: HTTPMessageParser<RequestDecoder>

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        core = HTTPMessageParser(decoder: RequestDecoder(), limits: limits)
    }

    /// Parses all of `bytes`, including pipelined requests after the first.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        _ = try core.consume(bytes, into: &events, stopAfterMessage: false)
        return events
    }

    public mutating func feed(_ bytes: [UInt8]) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try core.consume(buffer, into: &events, stopAfterMessage: false) }
        }
        _ = try result.get()
        return events
    }

    /// Low-level form for event loops: appends to a reused array and returns the bytes consumed.
    /// With `stopAfterMessage` it stops right after an `.end` so the caller can decide what the rest
    /// of the buffer is (the next pipelined request, or an upgraded protocol after a 101).
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, into events: inout [Event],
                                 stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        try core.consume(bytes, into: &events, stopAfterMessage: stopAfterMessage)
    }

    /// Call at EOF: throws if the peer closed in the middle of a request.
    public mutating func finishAtEOF() throws(HTTPParseError) {
        _ = try core.finishAtEOF()
    }

    /// True between requests with no partial request buffered.
    public var isIdle: Bool { core.isIdle }
}

struct RequestDecoder: HTTPHeadDecoder {
    var startLineTooLongStatus: Int { 414 }
    var skipsLeadingEmptyLines: Bool { true }

    func decode(startLine: [UInt8], headers: HTTPHeaders, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPRequestHead, HTTPBodyFraming) {
        // Exactly "method SP target SP version": extra spaces are how parsers start to disagree.
        guard let firstSP = startLine.firstIndex(of: ASCII.sp),
              let secondSP = startLine[(firstSP + 1)...].firstIndex(of: ASCII.sp) else { throw .bad("malformed request line") }
        let method = startLine[..<firstSP]
        let target = startLine[(firstSP + 1)..<secondSP]
        let versionBytes = startLine[(secondSP + 1)...]
        guard ASCII.isTokenString(method) else { throw .bad("invalid method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .bad("invalid request target") }
        if versionBytes.contains(ASCII.sp) { throw .bad("malformed request line") }
        let version = try HTTPFramingRules.version(versionBytes)
        if fields.hostCount > 1 || (version.minor >= 1 && fields.hostCount == 0) { throw .bad("exactly one Host header required") }
        let head = HTTPRequestHead(method: String(decoding: method, as: UTF8.self),
                                   target: String(decoding: target, as: UTF8.self),
                                   version: version, headers: headers)
        return (head, try framing(fields, version: version, limits: limits))
    }

    private func framing(_ fields: FramingFields, version: HTTPVersion, limits: HTTPParserLimits)
        throws(HTTPParseError) -> HTTPBodyFraming {
        let te = fields.transferEncoding
        let cl = fields.contentLength
        if !te.isEmpty {
            guard cl.isEmpty else { throw .bad("both Content-Length and Transfer-Encoding") }
            guard version.minor >= 1 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            // A request body that is not chunked-last has no determinable length (RFC 9112 §6.3 item 4).
            guard try HTTPFramingRules.isChunked(te) else { throw .bad("Transfer-Encoding without final chunked") }
            return .chunked
        }
        if !cl.isEmpty {
            let length = try HTTPFramingRules.contentLength(cl)
            guard length <= limits.maxContentLength else { throw HTTPParseError(status: 413, reason: "content too large") }
            return .length(length)
        }
        return .none
    }
}
