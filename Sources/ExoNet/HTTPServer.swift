import Dispatch
import ExoHTTP
import Glibc
import Synchronization

/// Blocking HTTP/1.1 server: an accept thread plus one thread per connection, keep-alive,
/// pipelining-safe (requests are answered strictly in order), TCP_NODELAY. At most
/// `maxConnections` threads and sockets: a full server closes its longest-waiting idle
/// connection for a newcomer and answers 503 only while every connection is in an exchange.
public final class HTTPServer: Sendable {
    public typealias Handler = @Sendable (HTTPServerRequest, HTTPServerResponse) throws -> Void

    private struct State: Sendable {
        var listener: Socket?
        var port = 0
        var stopped = false
        var connections: ConnectionTable
    }

    public let address: SocketAddress
    public let options: HTTPServerOptions
    private let handler: Handler
    private let state: Mutex<State>
    private let acceptDone = DispatchSemaphore(value: 0)

    public init(address: SocketAddress, options: HTTPServerOptions = HTTPServerOptions(), handler: @escaping Handler) {
        self.address = address
        self.options = options
        self.handler = handler
        state = Mutex(State(connections: ConnectionTable(capacity: options.maxConnections)))
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
            for connection in state.connections.sockets { connection.shutdown() }
            return state.listener
        }
        guard let listener else { return }
        listener.shutdown()
        // Close only once the accept thread is out: a descriptor closed under a blocked accept()
        // could be reused and accepted on by mistake. If it never returns, leak the descriptor.
        if acceptDone.wait(timeout: .now() + 5) == .success { listener.close() }
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
            switch admit(client) {
            case .stopped:
                client.close()
                return
            case .full:
                try? client.write(Self.overloaded)
                client.close()
                continue
            case .admitted:
                break
            }
            do {
                try client.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                try client.setTimeout(options.timeout)
                try Threads.detach { [self] in serve(client, peer: peer) }
            } catch {
                release(client)
            }
        }
    }

    private enum Admission { case admitted, full, stopped }

    /// Takes `client` into the table, making room by evicting the connection that has waited
    /// longest for a request head if needed; the evicted one's thread ends at once (its socket is
    /// shut down), so this waits briefly for it to let go of its thread and descriptor.
    private func admit(_ client: Socket) -> Admission {
        let deadline = ContinuousClock.now + .seconds(1)
        var evicting = false
        while true {
            let admission = state.withLock { state -> ConnectionTable.Admission? in
                guard !state.stopped else { return nil }
                // While an evicted connection is on its way out, wait for it rather than evict another.
                if evicting && !state.connections.hasRoom { return .evicting(client) }
                return state.connections.admit(client)
            }
            switch admission {
            case nil: return .stopped
            case .admitted?: return .admitted
            case .full?: return .full
            case .evicting?:
                guard ContinuousClock.now < deadline else { return .full }
                evicting = true
                usleep(1000)
            }
        }
    }

    private static let overloaded = Array(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 1\r\n\r\n".utf8)

    private func serve(_ client: Socket, peer: String) {
        let connection = ServerConnection(socket: client, remoteAddress: peer, limits: options.limits)
        let fd = client.fd
        connection.run(handler: handler, idleTimeout: options.idleTimeout, headTimeout: options.headTimeout,
                       waiting: { state.withLock { $0.connections.waiting(fd) } },
                       busy: { state.withLock { $0.connections.busy(fd) } })
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
            state.connections.remove(client.fd)
            client.close()
        }
    }
}
