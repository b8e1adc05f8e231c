/// Field names the parser recognises while reading a head, so that framing rules and the router
/// act on a field without comparing its name again (and without making a String of it).
public enum HTTPFieldKind: UInt8, Sendable {
    case other
    case host, contentLength, transferEncoding
    case connection, keepAlive, te, trailer, upgrade
    /// Any `Proxy-*` field (Proxy-Connection, Proxy-Authorization, ...): hop-by-hop for a proxy.
    case proxy
    case expect, referer, userAgent
    case xForwardedFor, xForwardedProto, xForwardedPort, xRequestStart

    /// Hop-by-hop fields (RFC 9110 §7.6.1) that never cross a proxy.
    public var isHopByHop: Bool {
        switch self {
        case .connection, .keepAlive, .te, .trailer, .upgrade, .transferEncoding, .proxy: true
        default: false
        }
    }

    /// Classifies the name in `bytes[start..<end]`: length and first letter pick one candidate,
    /// then one case-insensitive comparison decides.
    static func classify(_ bytes: [UInt8], _ start: Int, _ end: Int) -> HTTPFieldKind {
        let count = end - start
        guard count >= 2 else { return .other }
        let candidate: HTTPFieldKind
        let name: StaticString
        switch (count, ASCII.lower(bytes[start])) {
        case (2, UInt8(ascii: "t")): (candidate, name) = (.te, "te")
        case (4, UInt8(ascii: "h")): (candidate, name) = (.host, "host")
        case (6, UInt8(ascii: "e")): (candidate, name) = (.expect, "expect")
        case (7, UInt8(ascii: "u")): (candidate, name) = (.upgrade, "upgrade")
        case (7, UInt8(ascii: "t")): (candidate, name) = (.trailer, "trailer")
        case (7, UInt8(ascii: "r")): (candidate, name) = (.referer, "referer")
        case (10, UInt8(ascii: "c")): (candidate, name) = (.connection, "connection")
        case (10, UInt8(ascii: "k")): (candidate, name) = (.keepAlive, "keep-alive")
        case (10, UInt8(ascii: "u")): (candidate, name) = (.userAgent, "user-agent")
        case (14, UInt8(ascii: "c")): (candidate, name) = (.contentLength, "content-length")
        case (15, UInt8(ascii: "x")):
            if equalsLowercased(bytes, start, "x-forwarded-for") { return .xForwardedFor }
            (candidate, name) = (.xRequestStart, "x-request-start")
        case (16, UInt8(ascii: "x")): (candidate, name) = (.xForwardedPort, "x-forwarded-port")
        case (17, UInt8(ascii: "t")): (candidate, name) = (.transferEncoding, "transfer-encoding")
        case (17, UInt8(ascii: "x")): (candidate, name) = (.xForwardedProto, "x-forwarded-proto")
        default:
            return count >= 6 && equalsLowercased(bytes, start, "proxy-") ? .proxy : .other
        }
        return equalsLowercased(bytes, start, name) ? candidate : .other
    }

    /// Whether `bytes[start...]` begins with `lowercased`, ignoring ASCII case; the caller
    /// guarantees that many bytes exist.
    static func equalsLowercased(_ bytes: [UInt8], _ start: Int, _ lowercased: StaticString) -> Bool {
        let p = lowercased.utf8Start
        for k in 0..<lowercased.utf8CodeUnitCount where ASCII.lower(bytes[start + k]) != p[k] { return false }
        return true
    }
}
