import ExoHTTP

/// The router's own small HTML answers; they never name an internal address.
enum ErrorPage {
    static func response(status: Int, closeAfter: Bool, headOnly: Bool) -> [UInt8] {
        let reason = HTTPStatus.reason(status)
        let body = Array(html(status: status, reason: reason).utf8)
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/html; charset=utf-8")
        headers.add("Content-Length", String(body.count))
        headers.add("Cache-Control", "no-store")
        if closeAfter { headers.add("Connection", "close") }
        let head = HTTPSerializer.responseHead(HTTPResponseHead(status: status, reason: reason, headers: headers))
        return headOnly ? head : head + body
    }

    /// Body bytes of the page for `status` (the access log's response size).
    static func bodyLength(status: Int) -> Int { html(status: status, reason: HTTPStatus.reason(status)).utf8.count }

    private static func html(status: Int, reason: String) -> String {
        let explanation = switch status {
        case 400: "The request could not be understood."
        case 404: "No application is configured for this host name."
        case 502: "The application did not answer properly."
        case 503: "The application is not running right now."
        case 504: "The application took too long to answer."
        default: "The request could not be served."
        }
        return """
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>\(status) \(reason)</title></head>
        <body><h1>\(status) \(reason)</h1><p>\(explanation)</p><hr><p>exo-router</p></body></html>

        """
    }
}
