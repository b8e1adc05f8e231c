import ExoHTTP

/// Head rewriting between the client and backend sides (RFC 9110 §7.6.1, X-Forwarded-*), done on
/// the bytes that arrived: fields that cross are copied as they were parsed, the router's own are
/// appended, and nothing becomes a String.
enum ProxyHeaders {
    /// True for a request that asks to switch protocols (WebSocket): Upgrade present and
    /// "upgrade" among the Connection tokens.
    static func wantsUpgrade(_ head: HTTPRawRequestHead) -> Bool {
        head.version.minor >= 1 && head.raw.contains(.upgrade) && head.raw.hasToken("upgrade", in: .connection)
    }

    /// Whether a field crosses the proxy: not hop-by-hop, and not named in `Connection` (except
    /// Host and Content-Length, which a hostile `Connection` list must not make the proxy drop).
    static func crosses(_ field: HTTPRawField, _ raw: HTTPRawHead, connectionNamesFields: Bool) -> Bool {
        if field.kind.isHopByHop { return false }
        guard connectionNamesFields, field.kind != .host, field.kind != .contentLength else { return true }
        let length = field.nameEnd - field.start
        var named = false
        raw.forEachElement(of: .connection) { token in
            if !named, token.count == length, sameIgnoringCase(raw.bytes, token.lowerBound, field.start, length) { named = true }
        }
        return !named
    }

    /// Whether `Connection` could name any field that is not hop-by-hop already ("keep-alive" is
    /// the common case and names nothing else): most heads skip the per-field token comparison.
    static func connectionNamesFields(_ raw: HTTPRawHead) -> Bool {
        guard raw.contains(.connection) else { return false }
        var other = false
        raw.forEachElement(of: .connection) { token in
            if !(token.count == 10 && sameIgnoringCase(raw.bytes, token.lowerBound, "keep-alive")) { other = true }
        }
        return other
    }

    /// Writes the head sent to the backend: HTTP/1.1, hop-by-hop removed, framing kept,
    /// X-Forwarded-For/-Proto/-Port and X-Request-Start set once, by the router.
    static func writeBackendRequest(_ head: HTTPRawRequestHead, peer: String, listenPort: String,
                                    requestStartMillis: UInt64, to out: inout ByteQueue) {
        let raw = head.raw
        out.append(raw.bytes[0..<head.targetEnd])
        out.append(" HTTP/1.1\r\n")
        let named = connectionNamesFields(raw)
        var forwardedFor = false
        for field in raw.fields {
            switch field.kind {
            case .xForwardedFor: forwardedFor = true; continue
            case .xForwardedProto, .xForwardedPort, .xRequestStart: continue
            default: if !crosses(field, raw, connectionNamesFields: named) { continue }
            }
            writeField(field, raw, to: &out)
        }
        if raw.contains(.transferEncoding) { out.append("Transfer-Encoding: chunked\r\n") }
        if wantsUpgrade(head), let upgrade = raw.first(.upgrade) {
            out.append("Upgrade: ")
            out.append(raw.value(upgrade))
            out.append("\r\nConnection: upgrade\r\n")
        }
        // All incoming X-Forwarded-For lines joined in order, then the peer: one field.
        out.append("X-Forwarded-For: ")
        if forwardedFor {
            for field in raw.fields where field.kind == .xForwardedFor && field.valueEnd > field.valueStart {
                out.append(raw.value(field))
                out.append(", ")
            }
        }
        out.append(peer)
        out.append("\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Port: ")
        out.append(listenPort)
        out.append("\r\nX-Request-Start: t=")
        out.appendDecimal(requestStartMillis)
        out.append("\r\n\r\n")
    }

    /// How a response body travels to the client, decided from the backend head.
    enum ClientFraming: Equatable {
        case none          // HEAD, 1xx, 204, 304: no body bytes, headers kept as sent
        case length        // Content-Length passed through
        case chunked       // re-chunked (backend chunked or close-delimited, HTTP/1.1 client)
        case untilClose    // HTTP/1.0 client without a length: close ends the body
    }

    /// How the client response is framed; `closeAfter` becomes true when only a close can end it.
    static func clientFraming(_ head: HTTPRawResponseHead, requestIsHEAD: Bool, clientVersion: HTTPVersion,
                              closeAfter: inout Bool) -> ClientFraming {
        let raw = head.raw
        if requestIsHEAD || head.status < 200 || head.status == 204 || head.status == 304 { return .none }
        if raw.contains(.contentLength) && !raw.contains(.transferEncoding) { return .length }
        if clientVersion.minor >= 1 { return .chunked }
        closeAfter = true
        return .untilClose
    }

    /// Writes the final response head sent to the client: HTTP/1.1, hop-by-hop removed, framing
    /// fields for `framing`, and Connection as the client connection will behave.
    static func writeClientResponse(_ head: HTTPRawResponseHead, framing: ClientFraming, clientVersion: HTTPVersion,
                                    closeAfter: Bool, to out: inout ByteQueue) {
        let raw = head.raw
        writeStatusLine(head, version: "HTTP/1.1", to: &out)
        let named = connectionNamesFields(raw)
        for field in raw.fields where crosses(field, raw, connectionNamesFields: named) {
            if framing == .chunked, field.kind == .contentLength { continue }
            writeField(field, raw, to: &out)
        }
        if framing == .chunked { out.append("Transfer-Encoding: chunked\r\n") }
        if closeAfter {
            out.append("Connection: close\r\n")
        } else if clientVersion.minor == 0 {
            out.append("Connection: keep-alive\r\n")
        }
        out.append("\r\n")
    }

    /// Writes a 1xx interim response (not 101): as the backend sent it, hop-by-hop removed.
    static func writeInterimResponse(_ head: HTTPRawResponseHead, to out: inout ByteQueue) {
        let raw = head.raw
        writeStatusLine(head, version: nil, to: &out)
        let named = connectionNamesFields(raw)
        for field in raw.fields where crosses(field, raw, connectionNamesFields: named) { writeField(field, raw, to: &out) }
        out.append("\r\n")
    }

    /// Writes a 101 response: every field as sent (Upgrade included), Connection set to "upgrade".
    static func writeSwitchingProtocols(_ head: HTTPRawResponseHead, to out: inout ByteQueue) {
        let raw = head.raw
        writeStatusLine(head, version: nil, to: &out)
        for field in raw.fields where field.kind != .connection { writeField(field, raw, to: &out) }
        out.append("Connection: upgrade\r\n\r\n")
    }

    /// "version SP status SP reason CRLF"; a nil version keeps the backend's.
    private static func writeStatusLine(_ head: HTTPRawResponseHead, version: StaticString?, to out: inout ByteQueue) {
        if let version { out.append(version) } else { out.append(head.raw.bytes[0..<8]) }
        out.append(byte: 32)
        out.append(head.raw.bytes[9..<12])
        out.append(byte: 32)
        out.append(head.reason)
        out.append("\r\n")
    }

    private static func writeField(_ field: HTTPRawField, _ raw: HTTPRawHead, to out: inout ByteQueue) {
        out.append(raw.name(field))
        out.append(": ")
        out.append(raw.value(field))
        out.append("\r\n")
    }

    static func sameIgnoringCase(_ bytes: [UInt8], _ a: Int, _ b: Int, _ length: Int) -> Bool {
        for k in 0..<length where lower(bytes[a + k]) != lower(bytes[b + k]) { return false }
        return true
    }

    static func sameIgnoringCase(_ bytes: [UInt8], _ a: Int, _ lowercased: StaticString) -> Bool {
        let p = lowercased.utf8Start
        for k in 0..<lowercased.utf8CodeUnitCount where lower(bytes[a + k]) != p[k] { return false }
        return true
    }

    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
}
