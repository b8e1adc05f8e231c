import ExoHTTP

/// Host header normalisation: the key routes are matched by.
public enum HostName {
    /// Lowercases, strips the port and one trailing dot; nil for an empty or malformed value.
    public static func normalize(_ value: String) -> String? {
        var host = Substring(value)
        if host.hasPrefix("[") {
            // IPv6 literal: keep the brackets' contents, drop ":port" after "]".
            guard let close = host.firstIndex(of: "]") else { return nil }
            host = host[host.startIndex...close]
        } else if let colon = host.lastIndex(of: ":") {
            let port = host[host.index(after: colon)...]
            guard port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            host = host[..<colon]
        }
        if host.hasSuffix(".") { host = host.dropLast() }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 32 && $0 < 127 && $0 != UInt8(ascii: "/") }) else { return nil }
        return host.lowercased()
    }

    /// The host of an absolute-form request target (`http://host:port/path`, RFC 9112 §3.2.2),
    /// normalised; nil for any other form (origin-form `/path`, `*`, authority-form).
    public static func ofAbsoluteTarget(_ target: ArraySlice<UInt8>) -> String? {
        guard let authority = HTTPTarget.absoluteForm(target)?.authority else { return nil }
        // userinfo@ has no place in an http(s) target (RFC 9110 §4.2.4): never a host to route by.
        guard !authority.contains(UInt8(ascii: "@")) else { return "" }
        return normalize(String(decoding: authority, as: UTF8.self)) ?? ""
    }
}

