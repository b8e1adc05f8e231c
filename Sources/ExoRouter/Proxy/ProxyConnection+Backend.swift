import ExoHTTP
import Glibc

extension ProxyConnection {
    /// Takes an idle pooled connection to the exchange's backend, or starts a new connect.
    func connectBackend(_ exchange: ProxyExchange, fresh: Bool = false) {
        exchange.connectStartedAt = loop.now
        exchange.reusedConnection = false
        if !fresh, let (fd, parser) = loop.pool.take(exchange.backend) {
            // Still registered for reading from its time in the pool.
            exchange.useResponseParser(parser)
            exchange.backendFd = fd
            exchange.connected = true
            exchange.reusedConnection = true
            exchange.backendInterest = Epoll.readable
        } else {
            exchange.useResponseParser(nil)
            guard let fd = try? Socket.connect(exchange.backend) else { connectFailed(); return }
            exchange.backendFd = fd
            exchange.connected = false
            exchange.backendInterest = Epoll.writable | Epoll.readable
            loop.epoll.add(fd, token: Epoll.token(.backend, fd), events: exchange.backendInterest)
        }
        loop.setOwner(self, of: exchange.backendFd)
    }

    /// Nothing has been sent yet, so one retry on another backend is safe. `status` answers the
    /// client when no other backend is left: 502 for a refused connect, 504 for a timed-out one.
    func connectFailed(status: Int = 502) {
        guard let exchange else { return }
        closeBackend()
        loop.health.eject(exchange.backend)
        if !exchange.retried, exchange.bytesSentToBackend == 0, exchange.target.backends.count > 1,
           let other = exchange.target.next(excluding: exchange.backend, health: loop.health) {
            exchange.retried = true
            exchange.backend = other
            connectBackend(exchange)
            return
        }
        backendFailed(status: status)
    }

    func readBackend() {
        guard let exchange else { return }
        switch Socket.read(exchange.backendFd, into: loop.scratch) {
        case .bytes(let n):
            exchange.responseBytesReceived += n
            receiveFromBackend(UnsafeRawBufferPointer(rebasing: loop.scratch[0..<n]))
        case .wouldBlock:
            break
        case .closed:
            if !replayOnFreshConnection() { backendClosed() }
        case .failed:
            if !replayOnFreshConnection() { backendFailed(status: 502) }
        }
    }

    /// A connection the backend closed before answering a bodyless idempotent request: resend it
    /// instead of failing it (RFC 9110 §9.2.2). A pooled connection was most likely closed by
    /// the backend's keep-alive timeout, so the same container gets it on a new connection; a
    /// new connection closed unanswered means the container is going away (killed, crashed), so
    /// another one gets it, once: at most three tries in all.
    func replayOnFreshConnection() -> Bool {
        guard let exchange, exchange.responseBytesReceived == 0, let head = exchange.replayHead else { return false }
        if !exchange.reusedConnection {
            guard !exchange.retried, let other = exchange.target.next(excluding: exchange.backend, health: loop.health) else {
                return false
            }
            exchange.retried = true
            exchange.backend = other
            exchange.replayHead = nil
        }
        closeBackend()
        exchange.rewindForReplay()
        writeBackendRequest(head, exchange)
        connectBackend(exchange, fresh: true)
        return true
    }

    private func receiveFromBackend(_ bytes: UnsafeRawBufferPointer) {
        guard let exchange else { return }
        if phase == .tunnel { clientOut.append(bytes); return }
        var offset = 0
        while !exchange.responseDone, phase == .proxying {
            let event: HTTPRawResponseParser.Event?
            do { event = try exchange.responseParser.next(bytes, at: &offset) } catch {
                backendFailed(status: 502)
                return
            }
            guard let event else { break }
            handleResponseEvent(event, exchange, bytes)
        }
        let leftover = UnsafeRawBufferPointer(rebasing: bytes[offset...])
        if exchange.switchingProtocols {
            phase = .tunnel
            clientOut.append(leftover)
            if !clientIn.isEmpty {
                clientIn.withReadable { exchange.backendOut.append($0) }
                clientIn.removeAll()
            }
        } else if exchange.responseDone {
            // Bytes after a complete response mean the backend is out of step: never reuse it.
            if !leftover.isEmpty { exchange.backendReusable = false }
            finishExchange()
        }
    }

    /// `input` is what body ranges refer to.
    private func handleResponseEvent(_ event: HTTPRawResponseParser.Event, _ exchange: ProxyExchange,
                                     _ input: UnsafeRawBufferPointer) {
        switch event {
        case .head(let head) where head.status == 101:
            guard exchange.upgradeRequested else { backendFailed(status: 502); return }
            exchange.responseStarted = true
            exchange.switchingProtocols = true
            exchange.backendReusable = false
            ProxyHeaders.writeSwitchingProtocols(head, to: &clientOut)
            recordAccess(exchange.access, status: 101, bodyBytes: 0)
        case .head(let head) where head.status < 200:
            exchange.interim = true
            if exchange.clientVersion.minor >= 1 { ProxyHeaders.writeInterimResponse(head, to: &clientOut) }
        case .head(let head):
            if BackendHealth.isFailure(status: head.status) { loop.health.eject(exchange.backend) }
            exchange.backendReusable = head.keepAlive
            var closeAfter = closeAfterResponse || !exchange.requestDone
            let framing = ProxyHeaders.clientFraming(head, requestIsHEAD: exchange.isHEAD,
                                                     clientVersion: exchange.clientVersion, closeAfter: &closeAfter)
            closeAfterResponse = closeAfter
            exchange.framing = framing
            exchange.responseStarted = true
            exchange.responseStatus = head.status
            ProxyHeaders.writeClientResponse(head, framing: framing, clientVersion: exchange.clientVersion,
                                             closeAfter: closeAfter, to: &clientOut)
        case .body(let range):
            let bytes = UnsafeRawBufferPointer(rebasing: input[range])
            exchange.responseBodyBytes += bytes.count
            if exchange.framing == .chunked { clientOut.appendChunk(bytes) } else { clientOut.append(bytes) }
        case .end:
            if exchange.interim { exchange.interim = false; return }
            if exchange.switchingProtocols { return }
            if exchange.framing == .chunked { clientOut.append("0\r\n\r\n") }
            exchange.responseDone = true
        }
    }

    private func backendClosed() {
        guard let exchange else { return }
        if phase == .tunnel {
            exchange.backendEOF = true   // passed on to the client once its queued bytes are written
            return
        }
        exchange.backendReusable = false
        do {
            let events = try exchange.responseParser.finishAtEOF()
            for event in events { handleResponseEvent(event, exchange, UnsafeRawBufferPointer(start: nil, count: 0)) }
        } catch {
            backendFailed(status: 502)
            return
        }
        if exchange.responseDone { finishExchange() } else { backendFailed(status: 502) }
    }

    /// The response is complete: pool or close the backend, then go back to reading requests.
    func finishExchange() {
        guard let exchange else { return }
        if exchange.requestDone, exchange.backendReusable, exchange.backendFd >= 0 {
            let fd = exchange.backendFd
            loop.setOwner(nil, of: fd)
            if exchange.backendInterest != Epoll.readable {
                loop.epoll.modify(fd, token: Epoll.token(.backend, fd), events: Epoll.readable)
            }
            loop.pool.put(exchange.backend, fd: fd, parser: exchange.responseParser, now: loop.now)
            exchange.backendFd = -1
        } else {
            closeBackend()
        }
        recordAccess(exchange.access, status: exchange.responseStatus, bodyBytes: exchange.responseBodyBytes)
        // An early response (the request body is still arriving) leaves the client stream unsynchronised.
        if !exchange.requestDone { closeAfterResponse = true }
        self.exchange = nil
        phase = closeAfterResponse ? .closing : .idle
    }

    /// The backend failed (connect, reset, bad response, timeout): answer with `status` if the
    /// client has not seen a response head yet, else cut the client connection.
    func backendFailed(status: Int) {
        guard let exchange else { return }
        closeBackend()
        self.exchange = nil
        if exchange.responseStarted {
            // Cut mid-response: logged with what the client did get.
            if !exchange.switchingProtocols {
                recordAccess(exchange.access, status: exchange.responseStatus, bodyBytes: exchange.responseBodyBytes)
            }
            close()
            return
        }
        if !exchange.requestDone { closeAfterResponse = true }
        let headOnly = exchange.isHEAD
        clientOut.append(ErrorPage.response(status: status, closeAfter: closeAfterResponse, headOnly: headOnly))
        recordErrorPage(exchange.access, status: status, headOnly: headOnly)
        phase = closeAfterResponse ? .closing : .idle
    }
}
