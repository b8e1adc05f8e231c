import ExoHTTP
import Glibc

/// One client connection and, while a request is in flight, its backend connection. Driven by
/// its loop's epoll events; level-triggered, so each handler does one read and returns.
final class ProxyConnection {
    /// Where a connection is in its request/response cycle.
    enum Phase: Equatable {
        case idle                                   // between requests (keep-alive) or reading a head
        case discarding(status: Int, headOnly: Bool) // reading a request body we answer ourselves
        case proxying                               // exchange with a backend in flight
        case parked                                 // request held while its idle deployment wakes
        case tunnel                                 // after 101: raw bytes both ways
        case closing                                // flush what is queued, then close
    }

    /// Bytes buffered per direction before the other side stops being read (back-pressure).
    static let highWater = 256 * 1024

    /// The loop owns its connections and closes every one before it goes away, so the
    /// reference needs no checking: `unowned(unsafe)` saves a reference-count check on each of
    /// the dozen loop accesses per request.
    unowned(unsafe) let loop: EventLoop
    let clientFd: Int32
    let peer: String
    // The hot buffers and parsers below are touched only by this connection's loop thread, through
    // one access at a time; @exclusivity(unchecked) drops the runtime bookkeeping of each access
    // (the compile-time exclusivity rules still apply).
    @exclusivity(unchecked) var parser: HTTPRawRequestParser
    /// The last request's Host bytes and what they routed to in which table: a keep-alive client
    /// sends the same Host every time, so normalising and looking it up again is skipped.
    var routedHost: (bytes: [UInt8], name: String, table: RouteTable, target: RouteTarget?)?
    @exclusivity(unchecked) var clientIn = ByteQueue()
    @exclusivity(unchecked) var clientOut = ByteQueue()
    var clientEOF = false
    /// Tunnel: the backend's EOF was passed on to the client with shutdown(SHUT_WR).
    var clientWriteShut = false
    var closeAfterResponse = false
    var phase: Phase = .idle
    var exchange: ProxyExchange?
    /// A routed request the router answers itself (503 without backends), logged once answered.
    var pendingAccess: AccessRequest?
    /// The request held in the `.parked` phase.
    var parkedRequest: ParkedRequest?
    var deadline: UInt64 = .max
    var headStartedAt: UInt64?
    var clientInterest: UInt32 = Epoll.readable
    private(set) var closed = false

    init(loop: EventLoop, clientFd: Int32, peer: String) {
        self.loop = loop
        self.clientFd = clientFd
        self.peer = peer
        parser = HTTPRawRequestParser(limits: loop.requestLimits)
    }

    func started() { refreshDeadline() }

    func clientEvent(_ events: UInt32) {
        if events & (Epoll.readable | Epoll.hangup) != 0, !clientEOF { readClient() }
        if closed { return }
        advance()
    }

    func backendEvent(_ events: UInt32) {
        guard let exchange, exchange.backendFd >= 0 else { return }
        if !exchange.connected {
            guard events & (Epoll.writable | Epoll.hangup) != 0 else { return }
            if Socket.pendingError(exchange.backendFd) != 0 { connectFailed(); advance(); return }
            exchange.connected = true
        }
        if events & (Epoll.readable | Epoll.hangup) != 0 { readBackend() }
        if closed { return }
        advance()
    }

    /// Moves queued bytes as far as they go, then re-arms epoll for what is still wanted.
    func advance() {
        // Parsing stops while the backend buffer is full; flushing makes room, so go round again
        // as long as that frees space: those bytes are in our buffer, no epoll event will come for them.
        var rounds = 0
        repeat {
            processClientInput()
            if closed { return }
            if clientEOF { handleClientEOF() }
            if closed { return }
            let queued = exchange?.backendOut.count ?? 0
            flushBackend()
            if closed { return }
            rounds += 1
            guard !clientIn.isEmpty, let exchange, exchange.backendOut.count < queued else { break }
        } while rounds < 16
        flushClient()
        if closed { return }
        if phase == .tunnel { passOnTunnelCloses() }
        if closed { return }
        updateInterest()
        refreshDeadline()
    }

    private func readClient() {
        switch Socket.read(clientFd, into: loop.scratch) {
        case .bytes(let n):
            if phase == .idle, clientIn.isEmpty, parser.isIdle { headStartedAt = loop.now }
            clientIn.append(UnsafeRawBufferPointer(rebasing: loop.scratch[0..<n]))
        case .wouldBlock:
            break
        case .closed:
            clientEOF = true
        case .failed:
            close()
        }
    }

    private func flushClient() {
        while !clientOut.isEmpty {
            let result = clientOut.withReadable { Socket.write(clientFd, $0) }
            switch result {
            case .bytes(let n): clientOut.consume(n)
            case .wouldBlock: return
            case .closed, .failed: close(); return
            }
        }
        if phase == .closing { close() }
    }

    private func flushBackend() {
        guard let exchange, exchange.connected, exchange.backendFd >= 0 else { return }
        while !exchange.backendOut.isEmpty {
            let result = exchange.backendOut.withReadable { Socket.write(exchange.backendFd, $0) }
            switch result {
            case .bytes(let n):
                exchange.backendOut.consume(n)
                exchange.bytesSentToBackend += n
            case .wouldBlock: return
            case .closed, .failed:
                if !replayOnFreshConnection() { backendFailed(status: 502) }
                return
            }
        }
    }

    private func updateInterest() {
        var wantClient: UInt32 = 0
        let exchangeOut = exchange?.backendOut.count ?? 0
        // While a response is pending the client stays readable: a pipelined request is buffered
        // (up to the high-water mark) rather than toggling epoll interest twice per request.
        if !clientEOF, clientIn.count < Self.highWater, exchangeOut < Self.highWater, phase != .closing {
            wantClient |= Epoll.readable
        }
        if !clientOut.isEmpty { wantClient |= Epoll.writable }
        if wantClient != clientInterest, clientInterest != Self.detached {
            clientInterest = wantClient
            loop.epoll.modify(clientFd, token: Epoll.token(.client, clientFd), events: wantClient)
        }
        guard let exchange, exchange.backendFd >= 0 else { return }
        var wantBackend: UInt32 = 0
        if !exchange.connected || !exchange.backendOut.isEmpty { wantBackend |= Epoll.writable }
        if exchange.connected, !exchange.backendEOF, clientOut.count < Self.highWater { wantBackend |= Epoll.readable }
        if wantBackend != exchange.backendInterest, exchange.backendInterest != Self.detached {
            exchange.backendInterest = wantBackend
            loop.epoll.modify(exchange.backendFd, token: Epoll.token(.backend, exchange.backendFd), events: wantBackend)
        }
    }

    /// A side that closed in a tunnel is half-closed on the other side once everything it sent
    /// was written there; the connection ends when both sides are done.
    private func passOnTunnelCloses() {
        guard let exchange else { close(); return }
        if clientEOF, !exchange.backendWriteShut, exchange.backendOut.isEmpty, exchange.backendFd >= 0 {
            shutdown(exchange.backendFd, Int32(SHUT_WR))
            exchange.backendWriteShut = true
        }
        if exchange.backendEOF, !clientWriteShut, clientOut.isEmpty {
            shutdown(clientFd, Int32(SHUT_WR))
            clientWriteShut = true
        }
        if exchange.backendWriteShut, clientWriteShut { close(); return }
        // A side done both ways would report EPOLLHUP on every wait while the other side drains.
        if clientEOF, clientWriteShut, clientInterest != Self.detached {
            loop.epoll.remove(clientFd)
            clientInterest = Self.detached
        }
        if exchange.backendEOF, exchange.backendWriteShut, exchange.backendInterest != Self.detached {
            loop.epoll.remove(exchange.backendFd)
            exchange.backendInterest = Self.detached
        }
    }

    /// Interest value of a descriptor taken out of epoll (never a real event mask).
    static let detached: UInt32 = .max

    /// Sets the deadline the loop's sweep enforces, by what the connection is waiting for.
    private func refreshDeadline() {
        let t = loop.config.timeouts
        let now = loop.now
        switch phase {
        case .idle:
            if let headStartedAt, !(clientIn.isEmpty && parser.isIdle) {
                deadline = headStartedAt + UInt64(t.requestHead * 1000)
            } else {
                deadline = now + UInt64(t.clientIdle * 1000)
            }
        case .proxying:
            if let exchange, !exchange.connected {
                deadline = exchange.connectStartedAt + UInt64(t.connect * 1000)
            } else {
                deadline = now + UInt64(max(t.read, t.send) * 1000)
            }
        case .parked:
            deadline = (parkedRequest?.since ?? now) + UInt64(loop.config.wakeTimeout * 1000)
        case .discarding, .tunnel, .closing:
            deadline = now + UInt64(max(t.read, t.send) * 1000)
        }
    }

    func timedOut() {
        switch phase {
        case .proxying:
            if let exchange, !exchange.connected {
                connectFailed(status: 504)
            } else {
                if let exchange { loop.health.eject(exchange.backend) }
                backendFailed(status: 504)
            }
            if !closed { advance() }
        case .parked:
            wakeTimedOut()
            if !closed { advance() }
        default:
            close()
        }
    }

    /// Closes the backend side of the exchange without deciding about the client.
    func closeBackend() {
        guard let exchange, exchange.backendFd >= 0 else { return }
        loop.setOwner(nil, of: exchange.backendFd)
        Glibc.close(exchange.backendFd)
        exchange.backendFd = -1
        exchange.backendInterest = 0
    }

    func close() {
        guard !closed else { return }
        closed = true
        if parkedRequest != nil { loop.setParked(clientFd, false) }
        closeBackend()
        exchange = nil
        Glibc.close(clientFd)
        loop.forget(clientFd)
    }
}
