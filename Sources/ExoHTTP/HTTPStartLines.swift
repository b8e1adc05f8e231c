/// Start-line and framing rules shared by the String-based and the raw decoders, so both refuse
/// exactly the same messages.
enum HTTPStartLines {
    /// "method SP target SP version", exactly: extra spaces are how parsers start to disagree.
    static func requestLine(_ raw: HTTPRawHead) throws(HTTPParseError)
        -> (methodEnd: Int, targetStart: Int, targetEnd: Int, version: HTTPVersion) {
        let startLine = raw.bytes[0..<raw.startLineEnd]
        guard let firstSP = startLine.firstIndex(of: ASCII.sp),
              let secondSP = startLine[(firstSP + 1)...].firstIndex(of: ASCII.sp) else { throw .bad("malformed request line") }
        let method = startLine[..<firstSP]
        let target = startLine[(firstSP + 1)..<secondSP]
        let versionBytes = startLine[(secondSP + 1)...]
        guard ASCII.isTokenString(method) else { throw .bad("invalid method") }
        guard !target.isEmpty, target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .bad("invalid request target") }
        if versionBytes.contains(ASCII.sp) { throw .bad("malformed request line") }
        let version = try HTTPFramingRules.version(versionBytes)
        return (firstSP, firstSP + 1, secondSP, version)
    }

    /// The body framing of a request; also enforces exactly one Host for HTTP/1.1.
    static func requestFraming(_ raw: HTTPRawHead, _ fields: FramingFields, version: HTTPVersion,
                               limits: HTTPParserLimits) throws(HTTPParseError) -> HTTPBodyFraming {
        if fields.hostCount > 1 || (version.minor >= 1 && fields.hostCount == 0) { throw .bad("exactly one Host header required") }
        if fields.transferEncodingCount > 0 {
            guard fields.contentLengthCount == 0 else { throw .bad("both Content-Length and Transfer-Encoding") }
            guard version.minor >= 1 else { throw .bad("Transfer-Encoding in an HTTP/1.0 request") }
            // A request body that is not chunked-last has no determinable length (RFC 9112 §6.3 item 4).
            guard try HTTPFramingRules.isChunked(transferEncodings(raw)) else { throw .bad("Transfer-Encoding without final chunked") }
            return .chunked
        }
        if fields.contentLengthCount > 0 {
            let length = try HTTPFramingRules.contentLength(raw)
            guard length <= limits.maxContentLength else { throw HTTPParseError(status: 413, reason: "content too large") }
            return .length(length)
        }
        return .none
    }

    /// status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ]; a missing final SP is tolerated.
    static func statusLine(_ raw: HTTPRawHead) throws(HTTPParseError) -> (version: HTTPVersion, status: Int, reasonStart: Int) {
        let startLine = raw.bytes[0..<raw.startLineEnd]
        guard startLine.count >= 12, startLine[8] == ASCII.sp,
              startLine[9...11].allSatisfy(ASCII.isDigit),
              startLine.count == 12 || startLine[12] == ASCII.sp else { throw .bad("malformed status line") }
        let version = try HTTPFramingRules.version(startLine[0..<8])
        let status = startLine[9...11].reduce(0) { $0 * 10 + Int($1 - 48) }
        let reasonStart = min(13, startLine.count)
        guard status >= 100, startLine[reasonStart...].allSatisfy(ASCII.isFieldByte) else { throw .bad("malformed status line") }
        return (version, status, reasonStart)
    }

    /// The body framing of a response to a request with the given method.
    static func responseFraming(_ raw: HTTPRawHead, _ fields: FramingFields, status: Int, toHEAD: Bool, toCONNECT: Bool)
        throws(HTTPParseError) -> HTTPBodyFraming {
        if status == 101 || (toCONNECT && (200..<300).contains(status)) { return .tunnel }
        if toHEAD || HTTPStatus.forbidsBody(status) { return .none }
        if fields.transferEncodingCount > 0 {
            guard fields.contentLengthCount == 0 else { throw .bad("both Content-Length and Transfer-Encoding") }
            // Other codings are passed through undecoded; only chunked delimits the body.
            return try HTTPFramingRules.transferCodings(transferEncodings(raw)).last == "chunked" ? .chunked : .untilClose
        }
        if fields.contentLengthCount > 0 { return .length(try HTTPFramingRules.contentLength(raw)) }
        return .untilClose
    }

    private static func transferEncodings(_ raw: HTTPRawHead) -> [String] {
        raw.fields.filter { $0.kind == .transferEncoding }.map { String(decoding: raw.value($0), as: UTF8.self) }
    }
}
