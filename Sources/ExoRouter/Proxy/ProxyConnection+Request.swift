import ExoHTTP

extension ProxyConnection {
    /// Methods safe to resend when a pooled connection turns out to be closed (RFC 9110 §9.2.2).
    static let idempotent: Set<String> = ["GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"]

    /// Parses buffered client bytes one message at a time, as far as the phase allows; a
    /// pipelined next request waits in `clientIn` until the current response is done.
    func processClientInput() {
        while !closed, !clientIn.isEmpty {
            switch phase {
            case .tunnel:
                exchange?.backendOut.append(clientIn.takeAll())
                return
            case .closing:
                clientIn.removeAll()
                return
            case .proxying:
                guard let exchange, !exchange.requestDone, exchange.backendOut.count < Self.highWater else { return }
            case .parked:
                guard let parkedRequest, !parkedRequest.ended, parkedRequest.bodyBytes < Self.highWater else { return }
            case .idle, .discarding:
                break
            }
            var events: [HTTPRequestParser.Event] = []
            let result = clientIn.withReadable { bytes in
                Result { () throws(HTTPParseError) in try parser.consume(bytes, into: &events, stopAfterMessage: true) }
            }
            switch result {
            case .success(let consumed):
                clientIn.consume(consumed)
                for event in events where !closed { handleRequestEvent(event) }
                if consumed == 0, events.isEmpty { return }
            case .failure(let error):
                requestFailed(error)
                return
            }
        }
    }

    func handleRequestEvent(_ event: HTTPRequestParser.Event) {
        switch (phase, event) {
        case (.idle, .head(let head)):
            headStartedAt = nil
            startRequest(head)
        case (.discarding, .body):
            break
        case (.discarding(let status, let headOnly), .end):
            clientOut.append(ErrorPage.response(status: status, closeAfter: closeAfterResponse, headOnly: headOnly))
            recordErrorPage(pendingAccess, status: status, headOnly: headOnly)
            pendingAccess = nil
            phase = closeAfterResponse ? .closing : .idle
        case (.proxying, .body(let bytes)):
            guard let exchange else { return }
            exchange.replay = nil
            exchange.backendOut.append(exchange.requestChunked ? HTTPSerializer.chunk(bytes) : bytes)
        case (.parked, .body(let bytes)):
            parkedRequest?.body.append(bytes)
            parkedRequest?.bodyBytes += bytes.count
        case (.parked, .end):
            parkedRequest?.ended = true
        case (.proxying, .end):
            guard let exchange else { return }
            if exchange.requestChunked { exchange.backendOut.append(HTTPSerializer.lastChunk) }
            exchange.requestDone = true
            if exchange.responseDone { finishExchange() }
        default:
            // The parser and the phase disagree: never guess about message boundaries.
            close()
        }
    }

    /// Routes a request head: local answer (400/404/503) or an exchange with a backend.
    private func startRequest(_ head: HTTPRequestHead) {
        closeAfterResponse = !head.keepAlive
        let headOnly = head.method == "HEAD"
        guard let hostValue = head.headers["Host"], let host = HostName.normalize(hostValue) else {
            closeAfterResponse = true
            phase = .discarding(status: 400, headOnly: headOnly)
            return
        }
        guard let target = loop.currentRoutes().target(for: host) else {
            phase = .discarding(status: 404, headOnly: headOnly)
            return
        }
        let access = loop.accessLog == nil ? nil : AccessRequest(head: head, deployment: target.deployment, now: loop.now)
        dispatch(head, host: host, target: target, access: access)
    }

    /// Sends a routed request to a backend; without one, parks it (idle route) or answers 503.
    func dispatch(_ head: HTTPRequestHead, host: String, target: RouteTarget, access: AccessRequest?) {
        guard let backend = target.next(health: loop.health) else {
            if target.idle, park(head, host: host, target: target, access: access) { return }
            pendingAccess = access
            phase = .discarding(status: 503, headOnly: head.method == "HEAD")
            return
        }
        let exchange = ProxyExchange(target: target, backend: backend, head: head)
        exchange.access = access
        let forwarded = ProxyHeaders.backendRequest(head, peer: peer, listenPort: loop.listenPortText,
                                                    requestStartMillis: wallClockMillis())
        let headBytes = HTTPSerializer.requestHead(forwarded)
        exchange.backendOut.append(headBytes)
        if ProxyConnection.idempotent.contains(head.method), !head.headers.contains("Content-Length"),
           !exchange.requestChunked, !exchange.upgradeRequested {
            exchange.replay = headBytes
        }
        self.exchange = exchange
        phase = .proxying
        connectBackend(exchange)
    }

    /// A request the parser refused: answer with its status and close, since the byte stream
    /// can no longer be trusted (smuggling defence).
    private func requestFailed(_ error: HTTPParseError) {
        clientIn.removeAll()
        if let exchange, exchange.responseStarted {
            close()
            return
        }
        closeBackend()
        exchange = nil
        clientOut.append(ErrorPage.response(status: error.status, closeAfter: true, headOnly: false))
        phase = .closing
    }

    /// The client closed its sending side.
    func handleClientEOF() {
        switch phase {
        case .idle:
            guard clientIn.isEmpty else { return }
            if clientOut.isEmpty { close() } else { phase = .closing }
        case .discarding, .tunnel:
            phase = .closing
        case .parked:
            // Nobody is left to send the rest of the body to; a complete request still gets its answer.
            if parkedRequest?.ended != true { close() }
        case .proxying:
            // A half-close after a complete request still gets its answer (and any pipelined
            // ones after it); the idle phase closes once nothing is left.
            if exchange?.requestDone != true { close() }
        case .closing:
            break
        }
    }
}
