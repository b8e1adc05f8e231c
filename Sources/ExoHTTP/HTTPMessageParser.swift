/// Turns a complete start line and header section into a head and its body framing.
protocol HTTPHeadDecoder: Sendable {
    associatedtype Head: Sendable
    /// Status for a start line longer than the limit (414 for requests).
    var startLineTooLongStatus: Int { get }
    /// Whether empty lines before the start line are skipped (RFC 9112 §2.2, requests only).
    var skipsLeadingEmptyLines: Bool { get }
    mutating func decode(startLine: [UInt8], headers: HTTPHeaders, framing: FramingFields, limits: HTTPParserLimits)
        throws(HTTPParseError) -> (Head, HTTPBodyFraming)
}

/// The fields that decide framing, collected while parsing so decoders need not search the headers.
struct FramingFields: Sendable {
    var contentLength: [String] = []
    var transferEncoding: [String] = []
    var hostCount = 0

    enum Kind { case contentLength, transferEncoding, host, other }

    private static let host = Array("host".utf8)
    private static let contentLengthName = Array("content-length".utf8)
    private static let transferEncodingName = Array("transfer-encoding".utf8)

    static func kind(of name: ArraySlice<UInt8>) -> Kind {
        func matches(_ lower: [UInt8]) -> Bool {
            var i = name.startIndex
            for b in lower {
                if ASCII.lower(name[i]) != b { return false }
                i += 1
            }
            return true
        }
        switch name.count {
        case 4: return matches(host) ? .host : .other
        case 14: return matches(contentLengthName) ? .contentLength : .other
        case 17: return matches(transferEncodingName) ? .transferEncoding : .other
        default: return .other
        }
    }
}

/// The incremental HTTP/1.1 state machine shared by the request and response parsers.
/// Values in, events out: it never reads a socket, so every split of the input yields the same events.
struct HTTPMessageParser<Decoder: HTTPHeadDecoder>: Sendable {
    typealias Event = HTTPParserEvent<Decoder.Head>

    enum State: Sendable, Equatable {
        case startLine
        case headers
        case body(remaining: Int)
        case chunkLine
        case chunkData(remaining: Int)
        case chunkDataEnd(sawCR: Bool)
        case trailers
        case untilClose
        case tunnel
        case failed(HTTPParseError)
    }

    var decoder: Decoder
    let limits: HTTPParserLimits
    private(set) var state: State = .startLine
    private var line: [UInt8] = []
    private var sawCR = false
    private var startLine: [UInt8] = []
    private var headers = HTTPHeaders(reservingCapacity: 16)
    private var framing = FramingFields()
    private var headBytes = 0
    private var emptyLinesSkipped = 0

    init(decoder: Decoder, limits: HTTPParserLimits) {
        self.decoder = decoder
        self.limits = limits
        line.reserveCapacity(256)
    }

    /// True between messages with nothing buffered: a clean place for the peer to close.
    var isIdle: Bool { state == .startLine && line.isEmpty && !sawCR }

    /// Consumes bytes, appending events; returns how many bytes were used. With `stopAfterMessage`
    /// it returns right after an `.end`, leaving a pipelined next message to the caller. In `.tunnel`
    /// it consumes nothing: the rest belongs to the upgraded protocol.
    mutating func consume(_ input: UnsafeRawBufferPointer, into events: inout [Event],
                          stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        if case .failed(let error) = state { throw error }
        do {
            return try run(input, &events, stopAfterMessage)
        } catch {
            state = .failed(error)
            throw error
        }
    }

    private mutating func run(_ input: UnsafeRawBufferPointer, _ events: inout [Event],
                              _ stopAfterMessage: Bool) throws(HTTPParseError) -> Int {
        var i = 0
        while i < input.count {
            switch state {
            case .startLine:
                guard try takeLine(input, &i, max: limits.maxStartLineLength,
                                   tooLong: HTTPParseError(status: decoder.startLineTooLongStatus, reason: "start line too long"))
                else { break }
                if line.isEmpty {
                    emptyLinesSkipped += 1
                    guard decoder.skipsLeadingEmptyLines, emptyLinesSkipped <= 4 else { throw .bad("empty line before start line") }
                    continue
                }
                swap(&startLine, &line)   // reuses both buffers instead of copying
                headBytes = startLine.count + 2
                line.removeAll(keepingCapacity: true)
                state = .headers
            case .headers:
                guard try takeLine(input, &i, max: limits.maxHeaderLineLength, tooLong: Self.tooLarge) else { break }
                if line.isEmpty {
                    let (head, bodyFraming) = try decoder.decode(startLine: startLine, headers: headers, framing: framing, limits: limits)
                    headers = HTTPHeaders(reservingCapacity: 16)
                    framing = FramingFields()
                    events.append(.head(head))
                    if startBody(bodyFraming, &events), stopAfterMessage { return i }
                } else {
                    let field = try takeField(count: headers.count)
                    switch field.kind {
                    case .contentLength: framing.contentLength.append(field.value)
                    case .transferEncoding: framing.transferEncoding.append(field.value)
                    case .host: framing.hostCount += 1
                    case .other: break
                    }
                    headers.add(field.name, field.value)
                }
            case .body(let remaining):
                let n = min(remaining, input.count - i)
                events.append(.body(Array(UnsafeRawBufferPointer(rebasing: input[i..<(i + n)]))))
                i += n
                if n == remaining {
                    if endMessage(&events), stopAfterMessage { return i }
                } else {
                    state = .body(remaining: remaining - n)
                }
            case .chunkLine:
                guard try takeLine(input, &i, max: limits.maxChunkLineLength, tooLong: .bad("chunk line too long")) else { break }
                let size = try HTTPChunkLine.parse(line)
                line.removeAll(keepingCapacity: true)
                if size == 0 {
                    headBytes = 0
                    state = .trailers
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                let n = min(remaining, input.count - i)
                events.append(.body(Array(UnsafeRawBufferPointer(rebasing: input[i..<(i + n)]))))
                i += n
                state = n == remaining ? .chunkDataEnd(sawCR: false) : .chunkData(remaining: remaining - n)
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
                guard try takeLine(input, &i, max: limits.maxHeaderLineLength, tooLong: Self.tooLarge) else { break }
                if line.isEmpty {
                    if endMessage(&events), stopAfterMessage { return i }
                } else {
                    _ = try takeField(count: 0)   // trailer fields are validated, then dropped
                }
            case .untilClose:
                events.append(.body(Array(UnsafeRawBufferPointer(rebasing: input[i...]))))
                i = input.count
            case .tunnel:
                return i
            case .failed(let error):
                throw error
            }
        }
        return i
    }

    static var tooLarge: HTTPParseError { HTTPParseError(status: 431, reason: "header fields too large") }

    /// Sets up the body state; returns true when the message already ended.
    private mutating func startBody(_ framing: HTTPBodyFraming, _ events: inout [Event]) -> Bool {
        switch framing {
        case .none, .length(0):
            return endMessage(&events)
        case .length(let n):
            state = .body(remaining: n)
        case .chunked:
            state = .chunkLine
        case .untilClose:
            state = .untilClose
        case .tunnel:
            events.append(.end)
            state = .tunnel
            return true
        }
        return false
    }

    private mutating func endMessage(_ events: inout [Event]) -> Bool {
        events.append(.end)
        state = .startLine
        headBytes = 0
        emptyLinesSkipped = 0
        startLine.removeAll(keepingCapacity: true)
        return true
    }

    /// Ends a close-delimited body at EOF; throws if EOF cut a message short.
    mutating func finishAtEOF() throws(HTTPParseError) -> [Event] {
        switch state {
        case .untilClose:
            state = .startLine
            return [.end]
        case .startLine where line.isEmpty && !sawCR, .tunnel:
            return []
        case .failed(let error):
            throw error
        default:
            state = .failed(.bad("connection closed before the message was complete"))
            throw .bad("connection closed before the message was complete")
        }
    }

    /// Accumulates one CRLF-terminated line into `line` (without the CRLF). Bare CR and bare LF are
    /// refused: lenient line endings are a classic request smuggling vector.
    private mutating func takeLine(_ input: UnsafeRawBufferPointer, _ i: inout Int, max: Int,
                                   tooLong: HTTPParseError) throws(HTTPParseError) -> Bool {
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
                guard line.count + (j - i) <= max else { throw tooLong }
                line.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[i..<j]))
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

    /// Validates the header line in `line` and returns it; counts it against the block limits.
    private mutating func takeField(count: Int) throws(HTTPParseError) -> (name: String, value: String, kind: FramingFields.Kind) {
        defer { line.removeAll(keepingCapacity: true) }
        headBytes += line.count + 2
        guard headBytes <= limits.maxHeaderBlockSize else { throw Self.tooLarge }
        guard count < limits.maxHeaderCount else { throw Self.tooLarge }
        let first = line[0]
        if first == ASCII.sp || first == ASCII.htab { throw .bad("obsolete line folding") }
        guard let colon = line.firstIndex(of: ASCII.colon) else { throw .bad("header line without colon") }
        let name = line[..<colon]
        if let last = name.last, last == ASCII.sp || last == ASCII.htab { throw .bad("whitespace before colon") }
        guard ASCII.isTokenString(name) else { throw .bad("invalid header name") }
        var start = colon + 1, end = line.count
        while start < end, line[start] == ASCII.sp || line[start] == ASCII.htab { start += 1 }
        while end > start, line[end - 1] == ASCII.sp || line[end - 1] == ASCII.htab { end -= 1 }
        let value = line[start..<end]
        guard value.allSatisfy(ASCII.isFieldByte) else { throw .bad("invalid byte in header value") }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self), FramingFields.kind(of: name))
    }
}
