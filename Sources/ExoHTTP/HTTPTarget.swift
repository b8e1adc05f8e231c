/// The origin-form request target split into a decoded path and query (RFC 9112 §3.2.1).
public struct HTTPTarget: Sendable, Equatable {
    /// Percent-decoded path without the query; "/" when the target has none.
    public var path: String
    /// Decoded query parameters ("+" is a space, as in HTML forms); the last of a repeated name wins.
    public var query: [String: String]
    /// The query exactly as sent, without "?".
    public var rawQuery: String

    public init(parsing target: String) {
        var bytes = Array(target.utf8)
        Self.stripAbsoluteForm(&bytes)
        let q = bytes.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = q.map { bytes[..<$0] } ?? bytes[...]
        var decodedPath = Self.percentDecode(rawPath, plusIsSpace: false)
        if decodedPath.isEmpty { decodedPath = "/" }
        path = decodedPath
        query = [:]
        rawQuery = ""
        if let q {
            let rest = bytes[(q + 1)...]
            rawQuery = String(decoding: rest, as: UTF8.self)
            for pair in rest.split(separator: UInt8(ascii: "&")) where !pair.isEmpty {
                let eq = pair.firstIndex(of: UInt8(ascii: "="))
                let name = Self.percentDecode(eq.map { pair[..<$0] } ?? pair[...], plusIsSpace: true)
                let value = eq.map { Self.percentDecode(pair[($0 + 1)...], plusIsSpace: true) } ?? ""
                query[name] = value
            }
        }
    }

    /// absolute-form ("http://host/path?q", RFC 9112 §3.2.2) is reduced to its path and query.
    private static func stripAbsoluteForm(_ bytes: inout [UInt8]) {
        guard let parts = absoluteForm(bytes[...]) else { return }
        bytes = parts.pathAndQuery.first == UInt8(ascii: "#") ? [] : Array(parts.pathAndQuery)
    }

    /// An absolute-form target ("http://host:port/path?q") split into its authority and the
    /// rest; nil for any other form (origin-form "/path", "*", authority-form).
    public static func absoluteForm(_ target: ArraySlice<UInt8>) -> (authority: ArraySlice<UInt8>, pathAndQuery: ArraySlice<UInt8>)? {
        guard let first = target.first, first != UInt8(ascii: "/") else { return nil }
        let lower = target.prefix(8).map(ASCII.lower)
        let schemeLength = lower.starts(with: Array("http://".utf8)) ? 7 : lower.starts(with: Array("https://".utf8)) ? 8 : 0
        guard schemeLength > 0 else { return nil }
        let rest = target.dropFirst(schemeLength)
        let end = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? rest.endIndex
        return (rest[..<end], rest[end...])
    }

    /// Decodes %XX escapes; malformed escapes stay as they are.
    public static func percentDecode(_ bytes: ArraySlice<UInt8>, plusIsSpace: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: "%"), i + 2 < bytes.endIndex,
               let hi = ASCII.hexValue(bytes[i + 1]), let lo = ASCII.hexValue(bytes[i + 2]) {
                out.append(UInt8(hi << 4 | lo))
                i += 3
                continue
            }
            out.append(plusIsSpace && b == UInt8(ascii: "+") ? ASCII.sp : b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything outside RFC 3986 unreserved characters.
    public static func percentEncode(_ text: String) -> String {
        var out = ""
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
