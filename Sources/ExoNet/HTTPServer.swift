import Dispatch
import ExoHTTP
import Glibc
import Synchronization

/// Blocking HTTP/1.1 server: an accept thread plus one thread per connection, keep-alive,
/// pipelining-safe (requests are answered strictly in order), TCP_NODELAY.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPServerRequest, HTTPServerResponse) throws -> Void

    private struct State: Sendable {
        var listener: Socket?
        var port = 0
        var stopped = false
        var connections: [Int32: Socket] = [:]
    }

    public let address: SocketAddress
    private let limits: HTTPParserLimits
    private let timeout: Double
    private let handler: Handler
    private let state = Mutex(State())
    private let acceptDone = DispatchSemaphore(value: 0)

    /// `timeout`: longest a connection may sit in one blocking read or write (idle keep-alive included).
    public init(address: SocketAddress, limits: HTTPParserLimits = HTTPParserLimits(), timeout: Double = 300,
                handler: @escaping Handler) {
        self.address = address
        self.limits = limits
        self.timeout = timeout
        self.handler = handler
    }

    /// Binds, listens and starts accepting; returns once the port is bound.
    public func start() throws {
        let listener = try Socket.listen(on: address)
        state.withLock {
            $0.listener = listener
            $0.port = listener.localPort
        }
        do {
            try Threads.detach { [self] in acceptLoop(listener) }
        } catch {
            listener.close()
            throw error
        }
    }

    /// The bound port (useful after binding port 0).
    public var port: Int { state.withLock { $0.port } }

    /// Closes the listener and every open connection; in-flight handlers see their socket fail.
    public func stop() {
        let listener = state.withLock { state -> Socket? in
            guard !state.stopped else { return nil }
            state.stopped = true
            for connection in state.connections.values { connection.shutdown() }
            return state.listener
        }
        guard let listener else { return }
        listener.shutdown()
        _ = acceptDone.wait(timeout: .now() + 5)
        listener.close()
    }

    private func acceptLoop(_ listener: Socket) {
        defer { acceptDone.signal() }
        while true {
            let client: Socket, peer: String
            do {
                (client, peer) = try listener.accept()
            } catch {
                if state.withLock({ $0.stopped }) { return }
                if case .system(let code) = error.kind, code == EMFILE || code == ENFILE || code == ENOMEM {
                    usleep(50_000)   // out of descriptors: back off rather than spin
                }
                continue
            }
            let registered = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.connections[client.fd] = client
                return true
            }
            guard registered else {
                client.close()
                return
            }
            do {
                try client.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                try client.setTimeout(timeout)
                try Threads.detach { [self] in serve(client, peer: peer) }
            } catch {
                release(client)
            }
        }
    }

    private func serve(_ client: Socket, peer: String) {
        let connection = ServerConnection(socket: client, remoteAddress: peer, limits: limits)
        connection.run(handler: handler)
        lingeringClose(client)
    }

    /// Half-closes and reads what the client still sends for a moment before closing: closing with
    /// unread input makes the kernel send RST, which can destroy an error response in flight.
    private func lingeringClose(_ client: Socket) {
        client.shutdownWrite()
        try? client.setTimeout(1)
        var scratch = [UInt8](repeating: 0, count: 16384)
        var total = 0
        while total < 1 << 20 {
            let n = (try? scratch.withUnsafeMutableBytes { raw throws(NetworkError) in try client.read(into: raw) }) ?? 0
            if n <= 0 { break }
            total += n
        }
        release(client)
    }

    private func release(_ client: Socket) {
        // Unregister and close under the lock, so stop() never shuts down a reused descriptor number.
        state.withLock { state in
            state.connections[client.fd] = nil
            client.close()
        }
    }
}
