/// Incremental, strict HTTP/1.1 request parser (RFC 9112). Feed it any split of the bytes.
/// Heads come out as `HTTPRequestHead` (Strings); `HTTPRawRequestParser` is the same parser
/// without the Strings, for proxies.
public struct HTTPRequestParser: Sendable {
    public typealias Event = HTTPParserEvent<HTTPRequestHead>
    private var core: HTTPMessageParser<RequestDecoder>

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        core = HTTPMessageParser(decoder: RequestDecoder(), limits: limits)
    }

    /// Parses all of `bytes`, including pipelined requests after the first.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        _ = try core.collect(bytes, into: &events, stopAfterMessage: false)
        return events
    }

    public mutating func feed(_ bytes: [UInt8]) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try core.collect(buffer, into: &events, stopAfterMessage: false) }
        }
        _ = try result.get()
        return events
    }

    /// Low-level form for event loops: appends to a reused array and returns the bytes consumed.
    /// With `stopAfterMessage` it stops right after an `.end` so the caller can decide what the rest
    /// of the buffer is (the next pipelined request, or an upgraded protocol after a 101).
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, into events: inout [Event],
                                 stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        try core.collect(bytes, into: &events, stopAfterMessage: stopAfterMessage)
    }

    /// Call at EOF: throws if the peer closed in the middle of a request.
    public mutating func finishAtEOF() throws(HTTPParseError) {
        _ = try core.finishAtEOF()
    }

    /// True between requests with no partial request buffered.
    public var isIdle: Bool { core.isIdle }
}

/// The request parser for proxies: the same rules as `HTTPRequestParser`, but heads stay the bytes
/// that arrived (`HTTPRawRequestHead`) and body pieces are ranges of the caller's input, so parsing
/// a request allocates nothing once the parser's buffers have grown.
public struct HTTPRawRequestParser: Sendable {
    public typealias Event = HTTPRawEvent<HTTPRawRequestHead>
    private var core: HTTPMessageParser<RawRequestDecoder>

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        core = HTTPMessageParser(decoder: RawRequestDecoder(), limits: limits)
    }

    /// The next event from `input[offset...]`, advancing `offset`; nil when more input is needed.
    /// Body ranges index `input`. Drop a head before asking for the next event, or its buffer is copied.
    public mutating func next(_ input: UnsafeRawBufferPointer, at offset: inout Int) throws(HTTPParseError) -> Event? {
        try core.next(input, &offset)
    }

    public mutating func finishAtEOF() throws(HTTPParseError) {
        _ = try core.finishAtEOF()
    }

    public var isIdle: Bool { core.isIdle }
}

extension HTTPMessageParser {
    /// Pulls events until the input is used up (or, with `stopAfterMessage`, an `.end`), turning
    /// body ranges into arrays: the event-array form of the parsers.
    mutating func collect(_ input: UnsafeRawBufferPointer, into events: inout [HTTPParserEvent<Decoder.Head>],
                          stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        var offset = 0
        while let event = try next(input, &offset) {
            switch event {
            case .head(let head): events.append(.head(head))
            case .body(let range): events.append(.body(Array(UnsafeRawBufferPointer(rebasing: input[range]))))
            case .end:
                events.append(.end)
                if stopAfterMessage { return offset }
            }
        }
        return offset
    }
}

struct RequestDecoder: HTTPHeadDecoder {
    var startLineTooLongStatus: Int { 414 }
    var skipsLeadingEmptyLines: Bool { true }

    func decode(_ raw: HTTPRawHead, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPRequestHead, HTTPBodyFraming) {
        let line = try HTTPStartLines.requestLine(raw)
        let framing = try HTTPStartLines.requestFraming(raw, fields, version: line.version, limits: limits)
        let head = HTTPRequestHead(method: String(decoding: raw.bytes[0..<line.methodEnd], as: UTF8.self),
                                   target: String(decoding: raw.bytes[line.targetStart..<line.targetEnd], as: UTF8.self),
                                   version: line.version, headers: raw.headers())
        return (head, framing)
    }
}

struct RawRequestDecoder: HTTPHeadDecoder {
    var startLineTooLongStatus: Int { 414 }
    var skipsLeadingEmptyLines: Bool { true }

    func decode(_ raw: HTTPRawHead, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPRawRequestHead, HTTPBodyFraming) {
        let line = try HTTPStartLines.requestLine(raw)
        let framing = try HTTPStartLines.requestFraming(raw, fields, version: line.version, limits: limits)
        let head = HTTPRawRequestHead(raw: raw, methodEnd: line.methodEnd, targetStart: line.targetStart,
                                      targetEnd: line.targetEnd, version: line.version)
        return (head, framing)
    }
}
