import ExoHTTP

/// The state of one request/response exchange on a server connection: what has been read and sent.
/// Illegal transitions (sending twice, writing before streaming) are errors, never silent no-ops.
struct ServerExchange: Sendable {
    enum Response: Sendable, Equatable {
        case notStarted
        case streaming(chunked: Bool)
        case finished
    }

    let head: HTTPRequestHead
    var bodyEnded = false
    /// The client sent `Expect: 100-continue` and has not been told to go on yet.
    var continuePending: Bool
    var response: Response = .notStarted
    /// The connection cannot carry another request after this one.
    var closeAfter: Bool

    init(head: HTTPRequestHead) {
        self.head = head
        let hasBody = head.headers.contains("Transfer-Encoding")
            || (head.headers["Content-Length"].flatMap { Int($0) } ?? 0) > 0
        continuePending = head.expectsContinue && hasBody
        closeAfter = !head.keepAlive
    }

    var isHead: Bool { head.method == "HEAD" }
    /// The response has no body on the wire (HEAD, 1xx/204/304): writes and finish are accepted and dropped.
    var bodySuppressed = false

    /// Builds the response head for a new response and decides whether the connection stays open.
    mutating func responseHead(status: Int, headers: [(String, String)], contentLength: Int?) -> HTTPResponseHead {
        var fields = HTTPHeaders()
        for (name, value) in headers {
            switch name.lowercased() {
            case "content-length", "transfer-encoding": continue   // framing is ours to decide
            case "connection":
                if value.lowercased().contains("close") { closeAfter = true }
                continue
            default: fields.add(name, value)
            }
        }
        if !fields.contains("Date") { fields.add("Date", HTTPDate.now()) }
        // A client waiting for 100 Continue will not send the body; the connection cannot be reused.
        if continuePending && !bodyEnded { closeAfter = true }
        bodySuppressed = isHead || HTTPStatus.forbidsBody(status)
        if HTTPStatus.forbidsBody(status) {
            response = .finished
        } else if let contentLength {
            fields.add("Content-Length", String(contentLength))
            response = .finished
        } else if head.version.minor >= 1 {
            fields.add("Transfer-Encoding", "chunked")
            response = .streaming(chunked: true)
        } else {
            closeAfter = true   // HTTP/1.0: the body ends when the connection does
            response = .streaming(chunked: false)
        }
        if closeAfter {
            fields.add("Connection", "close")
        } else if head.version.minor == 0 {
            fields.add("Connection", "keep-alive")   // HTTP/1.0 clients close unless told otherwise
        }
        return HTTPResponseHead(status: status, version: .http11, headers: fields)
    }
}
