import ExoHTTP
import Glibc
import Synchronization

/// One accepted connection: reads requests in order, runs the handler for each, keeps the
/// connection alive when both sides allow it. Runs on its own thread.
final class ServerConnection: Sendable {
    typealias Handler = @Sendable (HTTPServerRequest, HTTPServerResponse) throws -> Void

    let socket: Socket
    let remoteAddress: String
    private let reader: Mutex<MessageReader<HTTPRequestParser>>
    /// The flags of the current exchange; held only for state transitions, never across I/O.
    private let exchange: Mutex<ServerExchange?>
    /// Serializes writes, so `100 Continue` and the response never interleave.
    private let writer = Mutex(())

    /// A request body left unread by the handler is drained up to this size to keep the connection.
    static let maxDrain = 1 << 20

    init(socket: Socket, remoteAddress: String, limits: HTTPParserLimits) {
        self.socket = socket
        self.remoteAddress = remoteAddress
        reader = Mutex(MessageReader(parser: HTTPRequestParser(limits: limits), socket: socket))
        exchange = Mutex(nil)
    }

    /// Serves requests until the peer closes, an error occurs or the exchange forbids reuse.
    /// `waiting` marks the start of each wait for a request head, `busy` the start of an
    /// exchange; when `busy` says no (the server evicted this connection to make room for
    /// another), the request is not handled and the connection closes.
    func run(handler: Handler, idleTimeout: Double, headTimeout: Double,
             waiting: () -> Void = {}, busy: () -> Bool = { true }) {
        while true {
            waiting()
            // Between requests wait at most idleTimeout: an idle keep-alive connection holds a thread.
            if !reader.withLock({ $0.hasBufferedInput }) {
                guard (try? socket.waitUntil(Int16(POLLIN), timeout: idleTimeout)) == true else { return }
            }
            let event: HTTPParserEvent<HTTPRequestHead>?
            let deadline = ContinuousClock.now + .milliseconds(Int(headTimeout * 1000))
            do {
                event = try reader.withLock { try $0.nextEvent(deadline: deadline) }
            } catch let error as HTTPParseError {
                sendParseError(error)
                return
            } catch let error as NetworkError where error.isTimeout {
                sendParseError(HTTPParseError(status: 408, reason: "request head not received in time"))
                return
            } catch {
                return
            }
            guard case .head(let head)? = event, busy() else { return }
            exchange.withLock { $0 = ServerExchange(head: head) }
            let request = HTTPServerRequest(head: head, remoteAddress: remoteAddress, connection: self)
            let response = HTTPServerResponse(connection: self)
            do {
                try handler(request, response)
                try completeResponse()
            } catch {
                // After a failed exchange the connection's state is unknown: answer if possible, then close.
                respondToFailure(error)
                return
            }
            guard prepareForNextRequest() else { return }
        }
    }

    // MARK: body

    func readBodyChunk() throws -> [UInt8]? {
        let (ended, continuePending) = exchange.withLock { ($0?.bodyEnded ?? true, $0?.continuePending ?? false) }
        if ended { return nil }
        if continuePending { try sendContinue() }
        while true {
            let event: HTTPParserEvent<HTTPRequestHead>?
            do {
                event = try reader.withLock { try $0.nextEvent() }
            } catch {
                exchange.withLock { $0?.closeAfter = true }
                throw error
            }
            switch event {
            case .body(let bytes)?:
                if bytes.isEmpty { continue }
                return bytes
            case .end?:
                exchange.withLock { $0?.bodyEnded = true }
                return nil
            case .head?, nil:
                exchange.withLock { $0?.closeAfter = true }
                throw NetworkError(.closed, "read request body", "connection closed before the body ended")
            }
        }
    }

    /// Tells a client waiting on `Expect: 100-continue` to send its body; refuses if a final
    /// response already went out without it (the client will not send the body then).
    private func sendContinue() throws {
        try writer.withLock { _ in
            let send = try exchange.withLock { state throws -> Bool in
                guard var current = state, current.continuePending else { return false }
                guard current.response == .notStarted else {
                    throw HTTPParseError(status: 400, reason: "body not sent: response started without 100 Continue")
                }
                current.continuePending = false
                state = current
                return true
            }
            if send { try socket.write(Self.continueBytes) }
        }
    }

    /// The handler gave up on the body: the connection cannot be reused.
    func abandonBody() {
        exchange.withLock { $0?.closeAfter = true }
    }

    private static let continueBytes = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    // MARK: response
    // Each method takes `writer` first, then `exchange` briefly for the state transition, and writes
    // with only `writer` held: a body reader on another thread is never stuck behind a slow client.

    var responseStarted: Bool { exchange.withLock { ($0?.response ?? .notStarted) != .notStarted } }

    func send(status: Int, headers: [(String, String)], body: [UInt8]) throws {
        try writer.withLock { _ in
            let bytes = try exchange.withLock { state throws -> [UInt8] in
                guard var current = state, current.response == .notStarted else { throw Self.misuse("send after response started") }
                var bytes = HTTPSerializer.responseHead(current.responseHead(status: status, headers: headers, contentLength: body.count))
                if !current.isHead && !HTTPStatus.forbidsBody(status) { bytes.append(contentsOf: body) }
                state = current
                return bytes
            }
            try socket.write(bytes)
        }
    }

    func startStreaming(status: Int, headers: [(String, String)]) throws {
        try writer.withLock { _ in
            let bytes = try exchange.withLock { state throws -> [UInt8] in
                guard var current = state, current.response == .notStarted else { throw Self.misuse("startStreaming after response started") }
                let head = current.responseHead(status: status, headers: headers, contentLength: nil)
                if current.bodySuppressed { current.response = .finished }
                state = current
                return HTTPSerializer.responseHead(head)
            }
            try socket.write(bytes)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try writer.withLock { _ in
            let chunked = try exchange.withLock { state throws -> Bool? in
                guard let current = state else { throw Self.misuse("write without a request") }
                switch current.response {
                case .streaming(let chunked): return chunked
                case .finished where current.bodySuppressed: return nil   // HEAD, 204, 304: no body is sent
                default: throw Self.misuse("write before startStreaming or after finish")
                }
            }
            guard let chunked, !bytes.isEmpty else { return }
            try socket.write(chunked ? HTTPSerializer.chunk(bytes) : bytes)
        }
    }

    func finish() throws {
        try writer.withLock { _ in
            let chunked = try exchange.withLock { state throws -> Bool in
                guard var current = state else { throw Self.misuse("finish without a request") }
                switch current.response {
                case .streaming(let chunked):
                    current.response = .finished
                    state = current
                    return chunked
                case .finished where current.bodySuppressed:
                    return false
                default:
                    throw Self.misuse("finish before startStreaming or twice")
                }
            }
            if chunked { try socket.write(HTTPSerializer.lastChunk) }
        }
    }

    private static func misuse(_ what: String) -> NetworkError {
        NetworkError(.protocolError, "HTTPServerResponse", what)
    }

    /// After the handler returns: end a streamed response, answer a forgotten one with 500.
    private func completeResponse() throws {
        switch exchange.withLock({ $0?.response ?? .finished }) {
        case .notStarted:
            try send(status: 500, headers: [("Content-Type", "text/plain")], body: Array("handler sent no response\n".utf8))
        case .streaming:
            try finish()
        case .finished:
            break
        }
    }

    /// The handler threw: answer with its status if nothing was sent yet (HTTPParseError carries one,
    /// anything else is a generic 500). If our own socket is what failed, the write fails quietly.
    private func respondToFailure(_ error: Error) {
        guard !responseStarted else { return }
        let parseError = error as? HTTPParseError ?? HTTPParseError(status: 500, reason: "internal server error")
        exchange.withLock { $0?.closeAfter = true }
        try? send(status: parseError.status, headers: [("Content-Type", "text/plain")], body: Array((parseError.reason + "\n").utf8))
    }

    /// Skips what is left of the request body so the next request can be read; false to close.
    private func prepareForNextRequest() -> Bool {
        guard let state = exchange.withLock({ $0 }), !state.closeAfter else { return false }
        if state.bodyEnded { return true }
        if state.continuePending { return false }
        var drained = 0
        do {
            while let chunk = try readBodyChunk() {
                drained += chunk.count
                if drained > Self.maxDrain { return false }
            }
        } catch {
            return false
        }
        return !exchange.withLock { $0?.closeAfter ?? true }
    }

    private func sendParseError(_ error: HTTPParseError) {
        let body = Array((error.reason + "\n").utf8)
        var head = HTTPResponseHead(status: error.status)
        head.headers.add("Content-Type", "text/plain")
        head.headers.add("Content-Length", String(body.count))
        head.headers.add("Connection", "close")
        try? socket.write(HTTPSerializer.responseHead(head) + body)
    }
}
