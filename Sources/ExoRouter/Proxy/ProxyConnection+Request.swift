import ExoHTTP

extension ProxyConnection {
    /// Parses buffered client bytes one message at a time, as far as the phase allows; a
    /// pipelined next request waits in `clientIn` until the current response is done.
    func processClientInput() {
        while !closed, !clientIn.isEmpty {
            switch phase {
            case .tunnel:
                if let exchange { clientIn.withReadable { exchange.backendOut.append($0) } }
                clientIn.removeAll()
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
            var offset = 0
            var sawEvent = false
            parsing: while !closed {
                let step = clientIn.withReadable { input in
                    Result { () throws(HTTPParseError) in try parser.next(input, at: &offset) }
                }
                switch step {
                case .failure(let error):
                    requestFailed(error)
                    return
                case .success(nil):
                    break parsing
                case .success(.head(let head)):
                    sawEvent = true
                    requestHead(head)
                case .success(.body(let range)):
                    sawEvent = true
                    clientIn.withReadable { requestBody(UnsafeRawBufferPointer(rebasing: $0[range])) }
                case .success(.end):
                    sawEvent = true
                    requestEnd()
                    break parsing
                }
            }
            if closed { return }
            clientIn.consume(offset)
            if offset == 0, !sawEvent { return }
        }
    }

    func requestHead(_ head: HTTPRawRequestHead) {
        guard phase == .idle else { close(); return }   // never guess about message boundaries
        let receivedAt = headStartedAt ?? loop.now
        headStartedAt = nil
        startRequest(head, receivedAt: receivedAt)
    }

    func requestBody(_ bytes: UnsafeRawBufferPointer) {
        switch phase {
        case .discarding:
            break
        case .proxying:
            guard let exchange else { return }
            exchange.replayHead = nil
            if exchange.requestChunked { exchange.backendOut.appendChunk(bytes) } else { exchange.backendOut.append(bytes) }
        case .parked:
            parkedRequest?.body.append(Array(bytes))
            parkedRequest?.bodyBytes += bytes.count
        default:
            close()
        }
    }

    func requestEnd() {
        switch phase {
        case .discarding(let status, let headOnly):
            clientOut.append(ErrorPage.response(status: status, closeAfter: closeAfterResponse, headOnly: headOnly))
            recordErrorPage(pendingAccess, status: status, headOnly: headOnly)
            pendingAccess = nil
            phase = closeAfterResponse ? .closing : .idle
        case .parked:
            parkedRequest?.ended = true
        case .proxying:
            guard let exchange else { return }
            if exchange.requestChunked { exchange.backendOut.append("0\r\n\r\n") }
            exchange.requestDone = true
            if exchange.responseDone { finishExchange() }
        default:
            close()
        }
    }

    /// Routes a request head: local answer (400/404/503) or an exchange with a backend.
    private func startRequest(_ head: HTTPRawRequestHead, receivedAt: UInt64) {
        closeAfterResponse = !head.keepAlive
        guard let hostField = head.raw.first(.host) else {
            closeAfterResponse = true
            phase = .discarding(status: 400, headOnly: head.isHEAD)
            return
        }
        let routes = loop.currentRoutes()
        let hostBytes = head.raw.value(hostField)
        let host: String, target: RouteTarget?
        if let cached = routedHost, cached.table === routes, cached.bytes.elementsEqual(hostBytes) {
            (host, target) = (cached.name, cached.target)
        } else {
            guard let name = HostName.normalize(String(decoding: hostBytes, as: UTF8.self)) else {
                closeAfterResponse = true
                phase = .discarding(status: 400, headOnly: head.isHEAD)
                return
            }
            (host, target) = (name, routes.target(for: name))
            routedHost = (Array(hostBytes), name, routes, target)
        }
        // An absolute-form target names its own host, which RFC 9112 puts before Host: one that
        // disagrees with Host is refused, so the router and the app never see different hosts.
        if let named = HostName.ofAbsoluteTarget(head.target), named != host {
            closeAfterResponse = true
            phase = .discarding(status: 400, headOnly: head.isHEAD)
            return
        }
        guard let target else {
            phase = .discarding(status: 404, headOnly: head.isHEAD)
            return
        }
        var access: AccessRequest?
        if loop.accessLog != nil {
            let wall = wallClockMicros() - Int64(loop.now &- receivedAt) * 1000
            access = AccessRequest(head: head, deployment: target.deployment, receivedAt: receivedAt, receivedAtWall: wall)
        }
        dispatch(head, host: host, target: target, access: access)
    }

    /// Sends a routed request to a backend; without one, parks it (idle route) or answers 503.
    func dispatch(_ head: HTTPRawRequestHead, host: String, target: RouteTarget, access: AccessRequest?) {
        guard let backend = target.next(health: loop.health) else {
            if target.idle, park(head, host: host, target: target, access: access) { return }
            pendingAccess = access
            phase = .discarding(status: 503, headOnly: head.isHEAD)
            return
        }
        let exchange = ProxyExchange(target: target, backend: backend, head: head, requestStartMillis: wallClockMillis())
        exchange.access = access
        exchange.requestMethod = head.isHEAD ? .head : Self.isCONNECT(head.method) ? .connect : .other
        writeBackendRequest(head, exchange)
        if Self.isIdempotent(head.method), !head.raw.contains(.contentLength), !exchange.requestChunked,
           !exchange.upgradeRequested {
            exchange.replayHead = head
        }
        self.exchange = exchange
        phase = .proxying
        connectBackend(exchange)
    }

    func writeBackendRequest(_ head: HTTPRawRequestHead, _ exchange: ProxyExchange) {
        ProxyHeaders.writeBackendRequest(head, peer: peer, listenPort: loop.listenPortText,
                                         requestStartMillis: exchange.requestStartMillis, to: &exchange.backendOut)
    }

    /// Methods safe to resend when a pooled connection turns out to be closed (RFC 9110 §9.2.2):
    /// GET, HEAD, OPTIONS, TRACE, PUT, DELETE (methods are case-sensitive).
    static func isIdempotent(_ method: ArraySlice<UInt8>) -> Bool {
        switch method.count {
        case 3: return method.elementsEqual("GET".utf8) || method.elementsEqual("PUT".utf8)
        case 4: return method.elementsEqual("HEAD".utf8)
        case 5: return method.elementsEqual("TRACE".utf8)
        case 6: return method.elementsEqual("DELETE".utf8)
        case 7: return method.elementsEqual("OPTIONS".utf8)
        default: return false
        }
    }

    static func isCONNECT(_ method: ArraySlice<UInt8>) -> Bool { method.elementsEqual("CONNECT".utf8) }

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
        case .discarding:
            phase = .closing
        case .tunnel:
            break   // passed on to the backend once the client's queued bytes are written
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
