/// An http:// URL split into what a request needs. https is not spoken (exo terminates TLS elsewhere).
public struct HTTPURL: Sendable, Equatable {
    public var host: String
    public var port: Int
    /// origin-form request target: path and query, "/" at least.
    public var target: String
    /// "user:password" from the authority, still percent-encoded, if present.
    public var userInfo: String?

    public init(parsing text: String) throws(NetworkError) {
        let invalid = NetworkError(.invalidURL, "parse URL", "not an http:// URL: \(text)")
        guard text.lowercased().hasPrefix("http://") else { throw invalid }
        let rest = text.dropFirst(7)
        let slash = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<slash]
        target = slash == rest.endIndex ? "/" : String(rest[slash...])
        if target.hasPrefix("?") { target = "/" + target }
        if let fragment = target.firstIndex(of: "#") { target = String(target[..<fragment]) }
        if let at = authority.lastIndex(of: "@") {
            userInfo = String(authority[..<at])
            authority = authority[authority.index(after: at)...]
        }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                port = 80
            } else {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { throw invalid }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]) else { throw invalid }
            port = p
        } else {
            host = String(authority)
            port = 80
        }
        guard !host.isEmpty, (1...65535).contains(port),
              target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw invalid }
    }

    public var address: SocketAddress { SocketAddress(host: host, port: port) }

    /// The Host header value.
    public var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? h : "\(h):\(port)"
    }
}
