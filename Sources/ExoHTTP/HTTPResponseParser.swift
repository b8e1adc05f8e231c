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
            return try core.consume(bytes, into: &events, stopAfterMessage: stopAfterMessage)
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    /// Call at EOF: ends a close-delimited body, throws if the response was cut short.
    public mutating func finishAtEOF() throws(HTTPParseError) -> [Event] {
        do {
            return try core.finishAtEOF()
        } catch {
            throw HTTPParseError(status: 502, reason: error.reason)
        }
    }

    public var isIdle: Bool { core.isIdle }
    public var isTunnel: Bool { core.state == .tunnel }
}

struct ResponseDecoder: HTTPHeadDecoder {
    var methods: [String] = []
    var startLineTooLongStatus: Int { 502 }
    var skipsLeadingEmptyLines: Bool { false }

    mutating func decode(startLine: [UInt8], headers: HTTPHeaders, framing fields: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (HTTPResponseHead, HTTPBodyFraming) {
        // status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ]; a missing final SP is tolerated.
        guard startLine.count >= 12, startLine[8] == ASCII.sp,
              startLine[9...11].allSatisfy(ASCII.isDigit),
              startLine.count == 12 || startLine[12] == ASCII.sp else { throw .bad("malformed status line") }
        let version = try HTTPFramingRules.version(startLine[0..<8])
        let status = startLine[9...11].reduce(0) { $0 * 10 + Int($1 - 48) }
        let reasonBytes = startLine.count > 13 ? startLine[13...] : []
        guard status >= 100, reasonBytes.allSatisfy(ASCII.isFieldByte) else { throw .bad("malformed status line") }
        let head = HTTPResponseHead(status: status, reason: String(decoding: reasonBytes, as: UTF8.self),
                                    version: version, headers: headers)
        let interim = status < 200 && status != 101
        let method = methods.first ?? "GET"
        if !interim, !methods.isEmpty { methods.removeFirst() }
        return (head, try framing(status: status, method: method, fields))
    }

    private func framing(status: Int, method: String, _ fields: FramingFields) throws(HTTPParseError) -> HTTPBodyFraming {
        if status == 101 || (method == "CONNECT" && (200..<300).contains(status)) { return .tunnel }
        if method == "HEAD" || HTTPStatus.forbidsBody(status) { return .none }
        let te = fields.transferEncoding
        let cl = fields.contentLength
        if !te.isEmpty {
            guard cl.isEmpty else { throw .bad("both Content-Length and Transfer-Encoding") }
            // Other codings are passed through undecoded; only chunked delimits the body.
            return try HTTPFramingRules.transferCodings(te).last == "chunked" ? .chunked : .untilClose
        }
        if !cl.isEmpty { return .length(try HTTPFramingRules.contentLength(cl)) }
        return .untilClose
    }
}
