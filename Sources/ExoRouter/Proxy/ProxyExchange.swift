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
    /// While the request has no body (yet): its head, to be written again once on a fresh
    /// connection if the pooled one turns out to be closed. Holding it costs no copy: it shares
    /// the request parser's buffer, which is not touched again before this exchange ends.
    var replayHead: HTTPRawRequestHead?
    let requestStartMillis: UInt64
    /// Parses this exchange's response; it travels with the backend connection through the pool,
    /// so idle client connections hold none.
    @exclusivity(unchecked) var responseParser: HTTPRawResponseParser
    /// What the response's framing depends on in the request (HEAD, CONNECT).
    var requestMethod: HTTPRawResponseParser.RequestMethod = .other
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

    init(target: RouteTarget, backend: HostPort, head: HTTPRawRequestHead, requestStartMillis: UInt64) {
        self.target = target
        self.backend = backend
        self.requestStartMillis = requestStartMillis
        responseParser = HTTPRawResponseParser()
        isHEAD = head.isHEAD
        clientVersion = head.version
        requestChunked = head.raw.contains(.transferEncoding)
        upgradeRequested = ProxyHeaders.wantsUpgrade(head)
    }

    /// Makes the response parser ready for this request's response: `parser` (from the pooled
    /// connection) when it is clean, else a new one.
    func useResponseParser(_ parser: HTTPRawResponseParser?) {
        if let parser, parser.isIdle, parser.isUsable { responseParser = parser } else { responseParser = HTTPRawResponseParser() }
        responseParser.requestMethod = requestMethod
    }

    /// Resets the exchange to resend its (bodyless) request on a new connection.
    func rewindForReplay() {
        backendOut.removeAll()
        bytesSentToBackend = 0
        responseBytesReceived = 0
        useResponseParser(nil)
    }
}
