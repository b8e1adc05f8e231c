import ExoHTTP

/// What the access log needs from a request head, taken when the request is routed to a
/// deployment (requests for unknown hosts belong to no deployment's log).
struct AccessRequest {
    let deployment: String
    let firstRequestLine: String
    let referer: String
    let userAgent: String
    /// Wall clock (µs) when the request head was received: the entry's time.
    let time: Int64
    /// Monotonic ms when the request head was received, for the duration.
    let startedAt: UInt64

    init(head: HTTPRawRequestHead, deployment: String, receivedAt: UInt64, receivedAtWall: Int64) {
        self.deployment = deployment
        // A parsed request line is exactly "method SP target SP HTTP/x.y".
        firstRequestLine = String(decoding: head.raw.bytes[0..<head.raw.startLineEnd], as: UTF8.self)
        referer = head.raw.string(.referer) ?? "-"
        userAgent = head.raw.string(.userAgent) ?? "-"
        time = receivedAtWall
        startedAt = receivedAt
    }
}

extension ProxyConnection {
    /// Files one answered request; a no-op when the router keeps no access log. Called on the
    /// loop thread: it only appends to the bounded buffer.
    func recordAccess(_ request: AccessRequest?, status: Int, bodyBytes: Int) {
        guard let request, let buffer = loop.accessLog else { return }
        buffer.record(AccessLogEntry(time: request.time, deployment: request.deployment, remoteHost: peer,
                                     firstRequestLine: request.firstRequestLine, status: status,
                                     responseSizeCLF: bodyBytes > 0 ? String(bodyBytes) : "-",
                                     referer: request.referer, userAgent: request.userAgent,
                                     durationMs: Int(loop.now &- request.startedAt)))
    }

    /// An error page the router answered itself for a routed request.
    func recordErrorPage(_ request: AccessRequest?, status: Int, headOnly: Bool) {
        recordAccess(request, status: status, bodyBytes: headOnly ? 0 : ErrorPage.bodyLength(status: status))
    }
}
