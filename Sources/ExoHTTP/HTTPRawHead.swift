/// One header line of a raw head: offsets into `HTTPRawHead.bytes` (stored as 32 bits: a parser
/// per idle keep-alive connection keeps its field array, so its size counts).
public struct HTTPRawField: Sendable {
    private let offsets: (UInt32, UInt32, UInt32, UInt32)
    public let kind: HTTPFieldKind

    init(start: Int, nameEnd: Int, valueStart: Int, valueEnd: Int, kind: HTTPFieldKind) {
        offsets = (UInt32(start), UInt32(nameEnd), UInt32(valueStart), UInt32(valueEnd))
        self.kind = kind
    }

    /// Name is `start..<nameEnd`; value (OWS trimmed) is `valueStart..<valueEnd`.
    public var start: Int { Int(offsets.0) }
    public var nameEnd: Int { Int(offsets.1) }
    public var valueStart: Int { Int(offsets.2) }
    public var valueEnd: Int { Int(offsets.3) }
}

/// A validated head as the bytes that arrived: the start line, then each field line, back to back
/// without their CRLFs, and where each field's name and value are. A proxy forwards from this by
/// copying byte ranges instead of building Strings; `headers()` gives the String form on demand.
public struct HTTPRawHead: Sendable {
    public let bytes: [UInt8]
    public let fields: [HTTPRawField]
    /// The start line is `bytes[0..<startLineEnd]`.
    public let startLineEnd: Int

    public func name(_ field: HTTPRawField) -> ArraySlice<UInt8> { bytes[field.start..<field.nameEnd] }
    public func value(_ field: HTTPRawField) -> ArraySlice<UInt8> { bytes[field.valueStart..<field.valueEnd] }

    /// The first field of `kind`.
    public func first(_ kind: HTTPFieldKind) -> HTTPRawField? {
        for field in fields where field.kind == kind { return field }
        return nil
    }

    public func contains(_ kind: HTTPFieldKind) -> Bool { first(kind) != nil }

    /// The first value of `kind` as a String.
    public func string(_ kind: HTTPFieldKind) -> String? {
        first(kind).map { String(decoding: value($0), as: UTF8.self) }
    }

    /// Calls `body` with the range of every element of the comma-separated lists in the fields of
    /// `kind`, OWS trimmed, empty elements skipped (as `HTTPHeaders.hasToken` reads them).
    public func forEachElement(of kind: HTTPFieldKind, _ body: (Range<Int>) -> Void) {
        for field in fields where field.kind == kind {
            var s = field.valueStart
            while s < field.valueEnd {
                var e = s
                while e < field.valueEnd, bytes[e] != UInt8(ascii: ",") { e += 1 }
                var a = s, b = e
                while a < b, bytes[a] == ASCII.sp || bytes[a] == ASCII.htab { a += 1 }
                while b > a, bytes[b - 1] == ASCII.sp || bytes[b - 1] == ASCII.htab { b -= 1 }
                if b > a { body(a..<b) }
                s = e + 1
            }
        }
    }

    /// True when the lists in the fields of `kind` hold `token` (given in lower case), ignoring case.
    public func hasToken(_ token: StaticString, in kind: HTTPFieldKind) -> Bool {
        var found = false
        forEachElement(of: kind) { range in
            if !found, range.count == token.utf8CodeUnitCount, HTTPFieldKind.equalsLowercased(bytes, range.lowerBound, token) {
                found = true
            }
        }
        return found
    }

    /// Whether the connection may carry another message after this one (RFC 9112 §9.3).
    func keepAlive(_ version: HTTPVersion) -> Bool {
        if hasToken("close", in: .connection) { return false }
        return version.minor >= 1 || hasToken("keep-alive", in: .connection)
    }

    /// The fields as Strings, in order.
    public func headers() -> HTTPHeaders {
        var headers = HTTPHeaders(reservingCapacity: fields.count)
        for field in fields {
            headers.add(String(decoding: name(field), as: UTF8.self), String(decoding: value(field), as: UTF8.self))
        }
        return headers
    }
}

/// A request head as received (see `HTTPRawHead`), with its request line taken apart.
public struct HTTPRawRequestHead: Sendable {
    public let raw: HTTPRawHead
    public let methodEnd: Int
    public let targetStart: Int
    public let targetEnd: Int
    public let version: HTTPVersion

    public var method: ArraySlice<UInt8> { raw.bytes[0..<methodEnd] }
    public var target: ArraySlice<UInt8> { raw.bytes[targetStart..<targetEnd] }
    /// Methods are case-sensitive: only "HEAD" is HEAD.
    public var isHEAD: Bool {
        methodEnd == 4 && raw.bytes[0] == 72 && raw.bytes[1] == 69 && raw.bytes[2] == 65 && raw.bytes[3] == 68
    }
    /// Whether the connection may carry another request after this one (RFC 9112 §9.3).
    public var keepAlive: Bool { raw.keepAlive(version) }
}

/// A response head as received (see `HTTPRawHead`), with its status line taken apart.
public struct HTTPRawResponseHead: Sendable {
    public let raw: HTTPRawHead
    public let status: Int
    public let version: HTTPVersion
    /// The reason phrase is `raw.bytes[reasonStart..<raw.startLineEnd]` (may be empty).
    public let reasonStart: Int

    public var reason: ArraySlice<UInt8> { raw.bytes[reasonStart..<raw.startLineEnd] }
    public var keepAlive: Bool { raw.keepAlive(version) }
}

/// What a raw parser found, in order: a head, body pieces as ranges of the input just given
/// (de-chunked), then the end of the message.
public enum HTTPRawEvent<Head: Sendable>: Sendable {
    case head(Head)
    case body(Range<Int>)
    case end
}
