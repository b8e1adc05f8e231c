/// Incremental, strict HTTP/1.1 response parser. Errors carry status 502 (what a proxy answers).
public struct HTTPResponseParser: Sendable {
    public typealias Event = HTTPParserEvent<HTTPResponseHead>
    private var core: HTTPMessageParser<ResponseDecoder>

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        core = HTTPMessageParser(decoder: ResponseDecoder(), limits: limits)
    }

    /// Queues the method of a request sent on this connection; responses are matched in order.
    /// Without one, a response is framed as if to GET.
    public mutating func expect(requestMethod: String) {
        core.decoder.methods.append(requestMethod)
    }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        _ = try consume(bytes, into: &events, stopAfterMessage: false)
        return events
    }

    public mutating func feed(_ bytes: [UInt8]) throws(HTTPParseError) -> [Event] {
        var events: [Event] = []
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTPParseError) in try consume(buffer, into: &events, stopAfterMessage: false) }
        }
        _ = try result.get()
        return events
    }

    /// Low-level form: see `HTTPRequestParser.consume`. After a 101 or a 2xx to CONNECT the parser
    /// is `isTunnel` and consumes nothing more.
    public mutating func consume(_ bytes: UnsafeRawBufferPointer, into events: inout [Event],
                                 stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        do {
            return try core.collect(bytes, into: &events, stopAfterMessage: stopAfterMessage)
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    /// Call at EOF: ends a close-delimited body, throws if the response was cut short.
    public mutating func finishAtEOF() throws(HTTPParseError) -> [Event] {
        do {
            return try core.finishAtEOF().map { event in
                switch event {
                case .head(let head): .head(head)
                case .body: .body([])
                case .end: .end
                }
            }
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    public var isIdle: Bool { core.isIdle }
    public var isTunnel: Bool { core.state == .tunnel }
}

/// The response parser for proxies: the rules of `HTTPResponseParser`, heads as the bytes that
/// arrived, body pieces as ranges of the caller's input. One request at a time: set
/// `requestMethod` before each response.
public struct HTTPRawResponseParser: Sendable {
    public typealias Event = HTTPRawEvent<HTTPRawResponseHead>
    /// What framing depends on in the request a response answers.
    public enum RequestMethod: Sendable { case other, head, connect }
    private var core: HTTPMessageParser<RawResponseDecoder>

    public init(limits: HTTPParserLimits = HTTPParserLimits()) {
        core = HTTPMessageParser(decoder: RawResponseDecoder(), limits: limits)
    }

    public var requestMethod: RequestMethod {
        get { core.decoder.method }
        set { core.decoder.method = newValue }
    }

    /// See `HTTPRawRequestParser.next`; errors carry status 502.
    public mutating func next(_ input: UnsafeRawBufferPointer, at offset: inout Int) throws(HTTPParseError) -> Event? {
        do {
            return try core.next(input, &offset)
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    /// Call at EOF: the events that ends (a close-delimited body's `.end`); throws if the response was cut short.
    public mutating func finishAtEOF() throws(HTTPParseError) -> [Event] {
        do {
            return try core.finishAtEOF()
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    public var isIdle: Bool { core.isIdle }
    public var isTunnel: Bool { core.state == .tunnel }
    /// False once the parser refused a message: it must not be used for another one.
    public var isUsable: Bool {
        if case .failed = core.state { return false }
        return true
    }
}

struct ResponseDecoder: HTTPHeadDecoder {
    var methods: [String] = []
    var startLineTooLongStatus: Int { 502 }
    var skipsLeadingEmptyLines: Bool { false }

    mutating func decode(_ raw: HTTPRawHead, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPResponseHead, HTTPBodyFraming) {
        let line = try HTTPStartLines.statusLine(raw)
        let head = HTTPResponseHead(status: line.status,
                                    reason: String(decoding: raw.bytes[line.reasonStart..<raw.startLineEnd], as: UTF8.self),
                                    version: line.version, headers: raw.headers())
        let interim = line.status < 200 && line.status != 101
        let method = methods.first ?? "GET"
        if !interim, !methods.isEmpty { methods.removeFirst() }
        let framing = try HTTPStartLines.responseFraming(raw, fields, status: line.status, toHEAD: method == "HEAD",
                                                         toCONNECT: method == "CONNECT")
        return (head, framing)
    }
}

struct RawResponseDecoder: HTTPHeadDecoder {
    var method: HTTPRawResponseParser.RequestMethod = .other
    var startLineTooLongStatus: Int { 502 }
    var skipsLeadingEmptyLines: Bool { false }

    func decode(_ raw: HTTPRawHead, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPRawResponseHead, HTTPBodyFraming) {
        let line = try HTTPStartLines.statusLine(raw)
        let framing = try HTTPStartLines.responseFraming(raw, fields, status: line.status, toHEAD: method == .head,
                                                         toCONNECT: method == .connect)
        return (HTTPRawResponseHead(raw: raw, status: line.status, version: line.version, reasonStart: line.reasonStart), framing)
    }
}
