/// How the body of a message is delimited (RFC 9112 §6.3), decided once its head is parsed.
enum HTTPBodyFraming: Sendable, Equatable {
    case none
    case length(Int)
    case chunked
    case untilClose
    /// The connection stops being HTTP after this head (101, 2xx to CONNECT).
    case tunnel
}

/// Shared header-section checks that decide framing; the smuggling defences live here.
enum HTTPFramingRules {
    /// Parses Transfer-Encoding: true when the codings are exactly a final "chunked".
    /// Throws 400 for a misplaced or repeated chunked, 501 for codings exo does not decode.
    static func isChunked(_ values: [String]) throws(HTTPParseError) -> Bool {
        let codings = try transferCodings(values)
        if codings == ["chunked"] { return true }
        if codings.contains("chunked") { throw HTTPParseError(status: 501, reason: "unsupported transfer coding") }
        return false
    }

    /// The lower-cased codings of Transfer-Encoding; "chunked" anywhere but once at the end is 400.
    static func transferCodings(_ values: [String]) throws(HTTPParseError) -> [String] {
        var codings: [String] = []
        for value in values {
            for element in value.split(separator: ",", omittingEmptySubsequences: false) {
                let coding = element.trimmingOWS()
                guard ASCII.isTokenString(coding.utf8) else { throw .bad("invalid Transfer-Encoding") }
                codings.append(coding.lowercased())
            }
        }
        let chunkedCount = codings.count { $0 == "chunked" }
        if chunkedCount > 1 || (chunkedCount == 1 && codings.last != "chunked") {
            throw .bad("chunked must be the final transfer coding, once")
        }
        return codings
    }

    /// Parses the Content-Length fields, allowing repeats of one value ("42, 42") but no
    /// disagreement; works on the bytes, element by element as `split(",")` would cut them.
    static func contentLength(_ raw: HTTPRawHead) throws(HTTPParseError) -> Int {
        let bytes = raw.bytes
        var result: Int?
        for field in raw.fields where field.kind == .contentLength {
            var s = field.valueStart
            while true {
                var e = s
                while e < field.valueEnd, bytes[e] != UInt8(ascii: ",") { e += 1 }
                var a = s, b = e
                while a < b, bytes[a] == ASCII.sp || bytes[a] == ASCII.htab { a += 1 }
                while b > a, bytes[b - 1] == ASCII.sp || bytes[b - 1] == ASCII.htab { b -= 1 }
                guard b > a, b - a <= 18, bytes[a..<b].allSatisfy(ASCII.isDigit) else { throw .bad("invalid Content-Length") }
                let n = bytes[a..<b].reduce(0) { $0 * 10 + Int($1 - 48) }
                if let result, result != n { throw .bad("conflicting Content-Length values") }
                result = n
                if e == field.valueEnd { break }
                s = e + 1
            }
        }
        guard let result else { throw .bad("empty Content-Length") }
        return result
    }

    /// Parses "HTTP/1.x"; other majors are 505.
    static func version(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8 else { throw .bad("invalid HTTP version") }
        let s = bytes.startIndex
        guard bytes[s] == 72, bytes[s + 1] == 84, bytes[s + 2] == 84, bytes[s + 3] == 80, bytes[s + 4] == 47,
              ASCII.isDigit(bytes[s + 5]), bytes[s + 6] == 46, ASCII.isDigit(bytes[s + 7]) else {
            throw .bad("invalid HTTP version")
        }
        let version = HTTPVersion(major: Int(bytes[s + 5] - 48), minor: Int(bytes[s + 7] - 48))
        guard version.major == 1 else { throw HTTPParseError(status: 505, reason: "HTTP version not supported") }
        return version
    }
}
