/// Turns a complete head (start line and fields, as raw bytes) into a head value and its body framing.
protocol HTTPHeadDecoder: Sendable {
    associatedtype Head: Sendable
    /// Status for a start line longer than the limit (414 for requests).
    var startLineTooLongStatus: Int { get }
    /// Whether empty lines before the start line are skipped (RFC 9112 §2.2, requests only).
    var skipsLeadingEmptyLines: Bool { get }
    mutating func decode(_ raw: HTTPRawHead, framing: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (Head, HTTPBodyFraming)
}

/// How many fields of each framing-relevant kind a head has, counted while parsing.
struct FramingFields: Sendable {
    var contentLengthCount = 0
    var transferEncodingCount = 0
    var hostCount = 0
}

/// The incremental HTTP/1.1 state machine shared by every request and response parser.
/// Values in, events out, one event per call: it never reads a socket, so every split of the input
/// yields the same events. Heads are collected as raw bytes with field offsets (no Strings); the
/// decoder decides what a head becomes.
struct HTTPMessageParser<Decoder: HTTPHeadDecoder>: Sendable {
    typealias Event = HTTPRawEvent<Decoder.Head>

    enum State: Sendable, Equatable {
        case startLine
        case headers
        case body(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case untilClose
        /// The message is complete: `.end` is the next event (then the tunnel, after a 101).
        case ended(thenTunnel: Bool)
        case tunnel
        case failed(HTTPParseError)
    }

    var decoder: Decoder
    let limits: HTTPParserLimits
    private(set) var state: State = .startLine
    /// The head being read (start line, then field lines without CRLF), or the current chunk or
    /// trailer line. The line being read starts at `lineStart`.
    private var buf: [UInt8] = []
    private var lineStart = 0
    /// The last head event shares `buf` and `fields`; they are cleared when the next line starts,
    /// by which time the caller has normally dropped that head, so no copy is made.
    private var handedOut = false
    private var sawCR = false
    private var startLineEnd = 0
    private var fields: [HTTPRawField] = []
    private var framing = FramingFields()
    private var headBytes = 0
    private var emptyLinesSkipped = 0

    init(decoder: Decoder, limits: HTTPParserLimits) {
        self.decoder = decoder
        self.limits = limits
    }

    /// True between messages with nothing buffered: a clean place for the peer to close.
    var isIdle: Bool { state == .startLine && !sawCR && (handedOut || buf.isEmpty) }

    /// The next event from `input[offset...]`, advancing `offset` past the bytes it used; nil when
    /// more input is needed. In `.tunnel` it returns nil and consumes nothing: the rest belongs
    /// to the upgraded protocol.
    mutating func next(_ input: UnsafeRawBufferPointer, _ offset: inout Int) throws(HTTPParseError) -> Event? {
        if case .failed(let error) = state { throw error }
        do {
            return try step(input, &offset)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func step(_ input: UnsafeRawBufferPointer, _ i: inout Int) throws(HTTPParseError) -> Event? {
        while true {
            switch state {
            case .ended(let thenTunnel):
                state = thenTunnel ? .tunnel : .startLine
                headBytes = 0
                emptyLinesSkipped = 0
                return .end
            case .tunnel:
                return nil
            case .failed(let error):
                throw error
            default:
                break
            }
            guard i < input.count else { return nil }
            switch state {
            case .startLine:
                guard try takeLine(input, &i, max: limits.maxStartLineLength,
                                   tooLong: HTTPParseError(status: decoder.startLineTooLongStatus, reason: "start line too long"))
                else { return nil }
                if buf.count == lineStart {
                    emptyLinesSkipped += 1
                    guard decoder.skipsLeadingEmptyLines, emptyLinesSkipped <= 4 else { throw .bad("empty line before start line") }
                    continue
                }
                startLineEnd = buf.count
                headBytes = startLineEnd + 2
                lineStart = buf.count
                fields.removeAll(keepingCapacity: true)
                framing = FramingFields()
                state = .headers
            case .headers:
                guard try takeLine(input, &i, max: limits.maxHeaderLineLength, tooLong: Self.tooLarge) else { return nil }
                if buf.count == lineStart {
                    let raw = HTTPRawHead(bytes: buf, fields: fields, startLineEnd: startLineEnd)
                    let (head, bodyFraming) = try decoder.decode(raw, framing: framing, limits: limits)
                    handedOut = true
                    startBody(bodyFraming)
                    return .head(head)
                }
                switch try takeField(count: fields.count, record: true) {
                case .contentLength: framing.contentLengthCount += 1
                case .transferEncoding: framing.transferEncodingCount += 1
                case .host: framing.hostCount += 1
                default: break
                }
                lineStart = buf.count
            case .body(let remaining):
                let n = min(remaining, input.count - i)
                i += n
                state = n == remaining ? .ended(thenTunnel: false) : .body(remaining: remaining - n)
                return .body((i - n)..<i)
            case .chunkLine:
                guard try takeLine(input, &i, max: limits.maxChunkLineLength, tooLong: .bad("chunk line too long")) else { return nil }
                let size = try HTTPChunkLine.parse(buf)
                clearLine()
                if size == 0 {
                    headBytes = 0
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let n = min(remaining, input.count - i)
                i += n
                state = n == remaining ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - n)
                return .body((i - n)..<i)
            case .chunkDataEnd(let sawCR):
                let b = input[i]
                i += 1
                if !sawCR, b == ASCII.cr {
                    state = .chunkDataEnd(sawCR: true)
                } else if sawCR, b == ASCII.lf {
                    state = .chunkLine
                } else {
                    throw .bad("chunk data not followed by CRLF")
                }
            case .trailers:
                guard try takeLine(input, &i, max: limits.maxHeaderLineLength, tooLong: Self.tooLarge) else { return nil }
                if buf.count == lineStart {
                    state = .ended(thenTunnel: false)
                } else {
                    _ = try takeField(count: 0, record: false)   // trailer fields are validated, then dropped
                    clearLine()
                }
            case .untilClose:
                let start = i
                i = input.count
                return .body(start..<i)
            case .ended, .tunnel, .failed:
                continue
            }
        }
    }

    static var tooLarge: HTTPParseError { HTTPParseError(status: 431, reason: "header fields too large") }

    /// Sets up the body state after a head.
    private mutating func startBody(_ framing: HTTPBodyFraming) {
        switch framing {
        case .none, .length(0): state = .ended(thenTunnel: false)
        case .length(let n): state = .body(remaining: n)
        case .chunked: state = .chunkLine
        case .untilClose: state = .untilClose
        case .tunnel: state = .ended(thenTunnel: true)
        }
    }

    /// Ends a close-delimited body at EOF; throws if EOF cut a message short.
    mutating func finishAtEOF() throws(HTTPParseError) -> [Event] {
        switch state {
        case .untilClose:
            state = .startLine
            return [.end]
        case .ended(let thenTunnel):
            state = thenTunnel ? .tunnel : .startLine
            return [.end]
        case .startLine where !sawCR && (handedOut || buf.isEmpty), .tunnel:
            return []
        case .failed(let error):
            throw error
        default:
            state = .failed(.bad("connection closed before the message was complete"))
            throw .bad("connection closed before the message was complete")
        }
    }

    private mutating func clearLine() {
        buf.removeAll(keepingCapacity: true)
        lineStart = 0
    }

    /// Accumulates one CRLF-terminated line into `buf` (without the CRLF). Bare CR and bare LF are
    /// refused: lenient line endings are a classic request smuggling vector.
    private mutating func takeLine(_ input: UnsafeRawBufferPointer, _ i: inout Int, max: Int,
                                   tooLong: HTTPParseError) throws(HTTPParseError) -> Bool {
        if handedOut {
            handedOut = false
            clearLine()
        }
        while i < input.count {
            if sawCR {
                guard input[i] == ASCII.lf else { throw .bad("bare CR") }
                i += 1
                sawCR = false
                return true
            }
            // Copy the run of ordinary bytes in one go; stop at CR, LF or NUL.
            var j = i
            while j < input.count {
                let b = input[j]
                if b == ASCII.cr || b == ASCII.lf || b == 0 { break }
                j += 1
            }
            if j > i {
                guard buf.count - lineStart + (j - i) <= max else { throw tooLong }
                buf.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<j]))
                i = j
            }
            guard i < input.count else { return false }
            let b = input[i]
            i += 1
            if b == ASCII.cr { sawCR = true; continue }
            throw b == ASCII.lf ? .bad("bare LF") : .bad("NUL byte")
        }
        return false
    }

    /// Validates the field line at `buf[lineStart...]`, counts it against the block limits and,
    /// with `record`, notes where its name and value are.
    private mutating func takeField(count: Int, record: Bool) throws(HTTPParseError) -> HTTPFieldKind {
        let start = lineStart, end = buf.count
        headBytes += end - start + 2
        guard headBytes <= limits.maxHeaderBlockSize else { throw Self.tooLarge }
        guard count < limits.maxHeaderCount else { throw Self.tooLarge }
        let first = buf[start]
        if first == ASCII.sp || first == ASCII.htab { throw .bad("obsolete line folding") }
        guard let colon = buf[start..<end].firstIndex(of: ASCII.colon) else { throw .bad("header line without colon") }
        if colon > start, buf[colon - 1] == ASCII.sp || buf[colon - 1] == ASCII.htab { throw .bad("whitespace before colon") }
        guard ASCII.isTokenString(buf[start..<colon]) else { throw .bad("invalid header name") }
        var valueStart = colon + 1, valueEnd = end
        while valueStart < valueEnd, buf[valueStart] == ASCII.sp || buf[valueStart] == ASCII.htab { valueStart += 1 }
        while valueEnd > valueStart, buf[valueEnd - 1] == ASCII.sp || buf[valueEnd - 1] == ASCII.htab { valueEnd -= 1 }
        guard buf[valueStart..<valueEnd].allSatisfy(ASCII.isFieldByte) else { throw .bad("invalid byte in header value") }
        let kind = HTTPFieldKind.classify(buf, start, colon)
        if record {
            fields.append(HTTPRawField(start: start, nameEnd: colon, valueStart: valueStart, valueEnd: valueEnd, kind: kind))
        }
        return kind
    }
}
