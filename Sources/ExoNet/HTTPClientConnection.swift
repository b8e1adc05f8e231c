import ExoHTTP
import Synchronization

/// One client connection that can carry several requests in sequence (keep-alive).
/// It may be handed between threads (a pool), but one exchange runs at a time: a second
/// concurrent `perform` fails instead of interleaving bytes.
public final class HTTPClientConnection: @unchecked Sendable {
    private struct State {
        var reusable = true
        var closed = false
        var busy = false
    }

    private let socket: Socket
    private let hostHeader: String
    private let state = Mutex(State())
    /// Touched only by the exchange that set `busy`, which is what makes the class Sendable.
    private var reader: MessageReader<HTTPResponseParser>

    public init(url: HTTPURL, timeout: Double = 30) throws {
        socket = try Socket.connect(to: url.address, timeout: timeout)
        hostHeader = url.hostHeader
        reader = MessageReader(parser: HTTPResponseParser(), socket: socket)
    }

    /// Whether another request may be sent (the last response allowed keep-alive and was read whole).
    public var isReusable: Bool { state.withLock { $0.reusable && !$0.closed } }

    /// Closes the connection; during an exchange it only shuts the socket down (the exchange fails),
    /// and the descriptor is released by `deinit`.
    public func close() {
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            state.reusable = false
            if state.busy { socket.shutdown() } else { socket.close(); closedDescriptor = true }
        }
    }

    private var closedDescriptor = false

    deinit {
        if !closedDescriptor { socket.close() }
    }


    /// Sends one request and delivers the final response: 1xx interim responses are skipped.
    public func perform(method: String, target: String, headers: [(String, String)], body: HTTPClientRequestBody,
                        onHead: (HTTPResponseHead) throws -> Void, onBody: ([UInt8]) throws -> Void) throws {
        try state.withLock { state throws(NetworkError) in
            guard state.reusable, !state.closed, !state.busy else {
                throw NetworkError(.closed, "\(method) \(target)", "connection is not reusable or busy")
            }
            state.reusable = false   // until the whole response has been read
            state.busy = true
        }
        var keepAlive = false
        defer { state.withLock { $0.busy = false; $0.reusable = keepAlive } }
        var exchange = ClientExchange(socket: socket, method: method, target: target, headers: headers,
                                      hostHeader: hostHeader, body: body)
        reader.parser.expect(requestMethod: method)
        keepAlive = try exchange.run(reader: &reader, onHead: onHead, onBody: onBody)
    }

    public func send(method: String, target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPClientResponse {
        var result: HTTPClientResponse?
        var collected: [UInt8] = []
        try perform(method: method, target: target, headers: headers, body: .bytes(body),
                    onHead: { result = HTTPClientResponse(status: $0.status, reason: $0.reason, headers: $0.headers, body: []) },
                    onBody: { collected.append(contentsOf: $0) })
        guard var response = result else { throw NetworkError(.closed, "\(method) \(target)", "no response") }
        response.body = collected
        return response
    }
}
