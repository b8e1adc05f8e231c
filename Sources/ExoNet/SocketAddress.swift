import Glibc

/// A host (name or IP literal) and TCP port, as in "127.0.0.1:8000" or "[::1]:8080".
public struct SocketAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) { self.host = host; self.port = port }

    /// Parses "host:port", "[v6]:port" or ":port" (all interfaces).
    public init(parsing text: String) throws(NetworkError) {
        let invalid = NetworkError(.invalidURL, "parse address", "expected host:port, got \"\(text)\"")
        var host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw invalid }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw invalid }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            if host.contains(":") { throw invalid }
        }
        if host.isEmpty { host = "0.0.0.0" }
        guard let port = Int(portText), (0...65535).contains(port) else { throw invalid }
        self.init(host: String(host), port: port)
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Resolved socket addresses, numeric hosts without DNS.
    func resolve(passive: Bool) throws(NetworkError) -> [ResolvedAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | (passive ? AI_PASSIVE : 0)
        var list: UnsafeMutablePointer<addrinfo>?
        // RFC 6761 §6.3: names under .localhost are loopback; glibc does not resolve them, and exo's
        // default domain (app.localhost) relies on it.
        let lower = host.lowercased()
        let name = lower.hasSuffix(".localhost") || lower.hasSuffix(".localhost.") ? "127.0.0.1" : host
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw NetworkError(.resolve, "resolve \(host)", String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var result: [ResolvedAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            if let addr = entry.pointee.ai_addr {
                let bytes = Array(UnsafeRawBufferPointer(start: addr, count: Int(entry.pointee.ai_addrlen)))
                result.append(ResolvedAddress(family: entry.pointee.ai_family, storage: bytes))
            }
            cursor = entry.pointee.ai_next
        }
        return result
    }
}

/// A sockaddr in bytes, so it can be kept and passed across threads.
struct ResolvedAddress: Sendable {
    var family: Int32
    var storage: [UInt8]

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        storage.withUnsafeBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
    }

    /// "ip:port" of a sockaddr_storage filled by accept/getpeername.
    static func describe(_ addr: UnsafePointer<sockaddr>) -> String {
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        var service = [CChar](repeating: 0, count: Int(NI_MAXSERV))
        let length = socklen_t(addr.pointee.sa_family == sa_family_t(AF_INET6)
            ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
        guard getnameinfo(addr, length, &host, socklen_t(host.count), &service, socklen_t(service.count),
                          NI_NUMERICHOST | NI_NUMERICSERV) == 0 else { return "unknown" }
        let h = cText(host), s = cText(service)
        return h.contains(":") ? "[\(h)]:\(s)" : "\(h):\(s)"
    }
}

/// A NUL-terminated C buffer as a String.
func cText(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self)
}
