/// `application/x-www-form-urlencoded`, as Python's `urllib.urlencode` writes it (pycclib's request bodies).
public enum FormEncoding {
    /// Encodes pairs in order: `quote_plus` of key and value joined by `=` and `&`.
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { PercentEncoding.encode($0.0, spaceAsPlus: true) + "=" + PercentEncoding.encode($0.1, spaceAsPlus: true) }
            .joined(separator: "&")
    }

    /// Encodes a dictionary with its keys sorted, for a stable body.
    public static func encode(_ fields: [String: String]) -> String {
        encode(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }

    /// Decodes a body or query string into pairs in order; `+` is a space, a field without `=` has an empty value.
    public static func decodePairs(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = PercentEncoding.decode(String(pieces[0]), plusAsSpace: true)
            let value = pieces.count > 1 ? PercentEncoding.decode(String(pieces[1]), plusAsSpace: true) : ""
            return (key, value)
        }
    }

    /// Decodes into a dictionary; the first occurrence of a repeated key wins.
    public static func decode(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for (key, value) in decodePairs(text) where fields[key] == nil {
            fields[key] = value
        }
        return fields
    }

    public static func decode(_ bytes: [UInt8]) -> [String: String] {
        decode(String(decoding: bytes, as: UTF8.self))
    }
}

/// Percent-encoding of UTF-8 bytes (RFC 3986 unreserved characters stay literal).
public enum PercentEncoding {
    /// Encodes everything except `A-Z a-z 0-9 - . _ ~` and the characters in `safe`.
    public static func encode(_ text: String, safe: Set<UInt8> = [], spaceAsPlus: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if isUnreserved(byte) || safe.contains(byte) {
                out.append(byte)
            } else if byte == 0x20 && spaceAsPlus {
                out.append(0x2B)
            } else {
                out.append(0x25)
                out.append(hexDigit(byte >> 4))
                out.append(hexDigit(byte & 0x0F))
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes one path segment (keeps nothing but unreserved characters).
    public static func encodePathSegment(_ text: String) -> String {
        encode(text)
    }

    /// Decodes `%XX` sequences; malformed sequences stay as they are; invalid UTF-8 becomes U+FFFD.
    public static func decode(_ text: String, plusAsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == 0x25, i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            }
            out.append(byte == 0x2B && plusAsSpace ? 0x20 : byte)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isUnreserved(_ b: UInt8) -> Bool {
        (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
            || b == 0x2D || b == 0x2E || b == 0x5F || b == 0x7E
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 {
        v < 10 ? 0x30 + v : 0x41 + v - 10
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }
}
