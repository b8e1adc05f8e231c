import ExoHTTP

/// One request/response pair in flight between a client connection and a backend.
final class ProxyExchange {
    let target: RouteTarget
    let isHEAD: Bool
    let clientVersion: HTTPVersion
    let requestChunked: Bool
    let upgradeRequested: Bool

    var backend: HostPort
    var backendFd: Int32 = -1
    var backendInterest: UInt32 = 0
    var connected = false
    var connectStartedAt: UInt64 = 0
    /// Retried once already: a second connect failure is a 502.
    var retried = false
    /// Loop-thread only, like the connection's queues (see there for the attribute).
    @exclusivity(unchecked) var backendOut = ByteQueue()
    var bytesSentToBackend = 0
    /// The connection came from the idle pool; the backend may have closed it just now.
    var reusedConnection = false
    /// The request has no body (yet), so the head kept in the connection's `replayHead` can be
    /// resent once on a fresh connection if the pooled one turns out to be closed.
    var replayable = false
    var responseBytesReceived = 0

    var requestDone = false
    /// A 1xx interim response is being relayed; its `.end` is not the exchange's end.
    var interim = false
    var responseStarted = false
    var framing: ProxyHeaders.ClientFraming = .none
    var responseDone = false
    var switchingProtocols = false
    /// Tunnel: the backend closed its sending side; its bytes still queued go to the client first.
    var backendEOF = false
    /// Tunnel: the client's EOF was passed on with shutdown(SHUT_WR) once its bytes were written.
    var backendWriteShut = false
    var backendReusable = true
    /// For the access log: the request, the final status relayed and the body bytes sent on.
    var access: AccessRequest?
    var responseStatus = 0
    var responseBodyBytes = 0

    init(target: RouteTarget, backend: HostPort, head: HTTPRawRequestHead) {
        self.target = target
        self.backend = backend
        isHEAD = head.isHEAD
        clientVersion = head.version
        requestChunked = head.raw.contains(.transferEncoding)
        upgradeRequested = ProxyHeaders.wantsUpgrade(head)
    }

    /// Resets the exchange to resend its (bodyless) request on a new connection.
    func rewindForReplay(_ head: [UInt8]) {
        backendOut.removeAll()
        backendOut.append(head)
        bytesSentToBackend = 0
        responseBytesReceived = 0
        replayable = false
    }
}
