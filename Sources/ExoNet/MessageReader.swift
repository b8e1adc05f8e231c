import ExoHTTP
import Glibc

/// What `MessageReader` needs from the two parsers.
protocol HTTPEventParser {
    associatedtype Head: Sendable
    mutating func consume(_ bytes: UnsafeRawBufferPointer, into events: inout [HTTPParserEvent<Head>],
                          stopAfterMessage: Bool) throws(HTTPParseError) -> Int
    mutating func endOfInput() throws(HTTPParseError) -> [HTTPParserEvent<Head>]
}

extension HTTPRequestParser: HTTPEventParser {
    mutating func endOfInput() throws(HTTPParseError) -> [HTTPParserEvent<HTTPRequestHead>] {
        try finishAtEOF()
        return []
    }
}

extension HTTPResponseParser: HTTPEventParser {
    mutating func endOfInput() throws(HTTPParseError) -> [HTTPParserEvent<HTTPResponseHead>] {
        try finishAtEOF()
    }
}

/// Pulls parser events off a blocking socket one at a time. It stops parsing after each message,
/// so bytes of a pipelined next request stay buffered until that request is wanted.
struct MessageReader<Parser: HTTPEventParser> {
    typealias Event = HTTPParserEvent<Parser.Head>

    var parser: Parser
    let socket: Socket
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var events: [Event] = []
    private var next = 0
    private var sawEOF = false
    private var finished = false

    init(parser: Parser, socket: Socket, bufferSize: Int = 65536) {
        self.parser = parser
        self.socket = socket
        buffer = [UInt8](repeating: 0, count: bufferSize)
        events.reserveCapacity(8)
    }

    /// True when nothing is buffered; a blocking read would be needed for the next event.
    var hasBufferedInput: Bool { next < events.count || start < end }

    /// The next event, or nil at a clean end of input. Parse errors surface as `HTTPParseError`,
    /// socket failures as `NetworkError`.
    /// With a `deadline`, each read first waits for input only until then (NetworkError.timeout):
    /// a total bound that a peer trickling one byte at a time cannot stretch.
    mutating func nextEvent(deadline: ContinuousClock.Instant? = nil) throws -> Event? {
        while true {
            if next < events.count {
                next += 1
                return events[next - 1]
            }
            events.removeAll(keepingCapacity: true)
            next = 0
            if start < end {
                let (s, e) = (start, end)
                let result = buffer.withUnsafeBytes { raw in
                    Result { () throws(HTTPParseError) in
                        try parser.consume(UnsafeRawBufferPointer(rebasing: raw[s..<e]), into: &events, stopAfterMessage: true)
                    }
                }
                let used = try result.get()
                start += used
                if used == 0 && events.isEmpty { return nil }   // tunnel: the rest is not HTTP
                continue
            }
            if sawEOF {
                if finished { return nil }
                finished = true
                events = try parser.endOfInput()
                continue
            }
            let socket = self.socket
            if let deadline {
                let remaining = ContinuousClock.now.duration(to: deadline)
                let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
                guard seconds > 0, try socket.waitUntil(Int16(POLLIN), timeout: seconds) else {
                    throw NetworkError(.timeout, "read", "deadline passed")
                }
            }
            let count = try buffer.withUnsafeMutableBytes { raw throws(NetworkError) in try socket.read(into: raw) }
            start = 0
            end = count
            if count == 0 { sawEOF = true }
        }
    }

    /// Bytes read past the end of the last message (after a tunnel begins).
    mutating func takeBuffered() -> [UInt8] {
        defer { start = end }
        return Array(buffer[start..<end])
    }
}
