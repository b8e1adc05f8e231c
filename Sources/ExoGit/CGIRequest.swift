import ExoHTTP

/// What `git http-backend` needs to know about one HTTP request, and the CGI environment built
/// from it (the variable table measured in notes/feasibility-2026-12.md §5).
struct CGIRequest: Sendable {
    var method: String
    /// The raw request target, for QUERY_STRING.
    var target: String
    var headers: HTTPHeaders
    var pathInfo: String
    var remoteUser: String
    var remoteAddress: String

    /// True when the request carries a body to stream into the CGI's stdin.
    var hasBody: Bool {
        if headers.contains("Transfer-Encoding") { return true }
        return (headers["Content-Length"].flatMap { Int($0) } ?? 0) > 0
    }

    var queryString: String {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        return String(target[target.index(after: mark)...])
    }

    /// `base` (PATH and the variables hooks need) overlaid with the CGI variables, which win.
    func environment(projectRoot: String, base: [String: String]) -> [String: String] {
        var env = base
        env["GIT_PROJECT_ROOT"] = projectRoot
        env["GIT_HTTP_EXPORT_ALL"] = "1"
        env["GATEWAY_INTERFACE"] = "CGI/1.1"
        env["SERVER_PROTOCOL"] = "HTTP/1.1"
        env["REQUEST_METHOD"] = method
        env["PATH_INFO"] = pathInfo
        env["QUERY_STRING"] = queryString
        env["REMOTE_ADDR"] = remoteAddress
        if !remoteUser.isEmpty { env["REMOTE_USER"] = remoteUser }  // receive-pack refuses without it
        if let type = headers["Content-Type"] { env["CONTENT_TYPE"] = type }
        // A de-chunked body has no known length: http-backend then reads stdin to EOF.
        if !headers.contains("Transfer-Encoding"), let length = headers["Content-Length"] { env["CONTENT_LENGTH"] = length }
        if let encoding = headers["Content-Encoding"] { env["HTTP_CONTENT_ENCODING"] = encoding }
        if let proto = headers["Git-Protocol"] { env["GIT_PROTOCOL"] = proto }
        return env
    }

    /// A PATH_INFO http-backend may see: absolute, no dot-dot segment, no control characters.
    static func isSafePathInfo(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return false }
        return !path.split(separator: "/").contains("..")
    }
}
