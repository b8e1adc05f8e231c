import ExoHTTP

/// A request for an idle deployment, held (with what arrived of its body) until a route table
/// gives the deployment backends again, or until the wake timeout.
struct ParkedRequest {
    let head: HTTPRawRequestHead
    let host: String
    let deployment: String
    let access: AccessRequest?
    /// Monotonic ms when the request was parked (the wake timeout counts from here).
    let since: UInt64
    var body: [[UInt8]] = []
    var bodyBytes = 0
    var ended = false
}

extension ProxyConnection {
    /// Holds the request and asks exod (once, through the loop's waker) to start the deployment;
    /// false when this router cannot wake anything (no wake URL), so the caller answers 503.
    func park(_ head: HTTPRawRequestHead, host: String, target: RouteTarget, access: AccessRequest?) -> Bool {
        guard let waker = loop.waker else { return false }
        parkedRequest = ParkedRequest(head: head, host: host, deployment: target.deployment, access: access, since: loop.now)
        phase = .parked
        loop.setParked(clientFd, true)
        waker.request(target.deployment)
        return true
    }

    /// Called by the loop while parked: once the route has backends (or is gone, or no longer
    /// idle) the request goes on as if it had just arrived, with the body that was buffered.
    func resumeIfWoken(_ table: RouteTable) {
        guard phase == .parked, let request = parkedRequest else { return }
        let target = table.target(for: request.host)
        if let target, target.idle, target.backends.isEmpty {
            loop.waker?.request(request.deployment)   // re-asks only after the requester's interval
            return
        }
        parkedRequest = nil
        loop.setParked(clientFd, false)
        phase = .idle
        if let target, !target.backends.isEmpty { loop.waker?.woken(request.deployment) }
        if let target {
            dispatch(request.head, host: request.host, target: target, access: request.access)
        } else {
            pendingAccess = request.access
            phase = .discarding(status: 404, headOnly: request.head.isHEAD)
        }
        for chunk in request.body where !closed { chunk.withUnsafeBytes { requestBody($0) } }
        if request.ended, !closed { requestEnd() }
        if !closed { advance() }
    }

    /// The deployment did not come up in time: a 503 page. A request whose body is still
    /// arriving ends the connection, since the rest of the body would be read as a new request.
    func wakeTimedOut() {
        guard let request = parkedRequest else { return }
        parkedRequest = nil
        loop.setParked(clientFd, false)
        if !request.ended { closeAfterResponse = true }
        let headOnly = request.head.isHEAD
        clientOut.append(ErrorPage.response(status: 503, closeAfter: closeAfterResponse, headOnly: headOnly))
        recordErrorPage(request.access, status: 503, headOnly: headOnly)
        phase = closeAfterResponse ? .closing : .idle
    }
}
