import ExoHTTP

/// Header rewriting between the client and backend sides (RFC 9110 §7.6.1, X-Forwarded-*).
enum ProxyHeaders {
    /// Connection-specific fields that never cross the proxy.
    static let hopByHop: Set<String> = ["connection", "keep-alive", "proxy-connection", "proxy-authenticate",
                                        "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"]
    /// Fields a hostile `Connection` list must not make the proxy drop: framing and routing.
    private static let protected: Set<String> = ["host", "content-length"]

    /// Removes hop-by-hop fields and every field named in `Connection`, in one pass.
    static func stripHopByHop(_ headers: inout HTTPHeaders) {
        // Most heads carry no candidate at all: leave them untouched (no copy).
        guard headers.contains(where: { mayBeHopByHop($0.name) }) else { return }
        var named: Set<String> = []
        for value in headers.values("Connection") {
            for token in value.split(separator: ",") {
                let name = token.trimmingCharacters(in: " \t").lowercased()
                if !name.isEmpty, !protected.contains(name) { named.insert(name) }
            }
        }
        var kept = HTTPHeaders()
        for (name, value) in headers {
            if mayBeHopByHop(name) || !named.isEmpty {
                let lower = name.lowercased()
                if hopByHop.contains(lower) || lower.hasPrefix("proxy-") || named.contains(lower) { continue }
            }
            kept.add(name, value)
        }
        headers = kept
    }

    /// Cheap pre-check on the first letter, so most fields skip lowercasing and hashing.
    private static func mayBeHopByHop(_ name: String) -> Bool {
        switch name.utf8.first.map({ $0 | 0x20 }) {
        case UInt8(ascii: "c"), UInt8(ascii: "k"), UInt8(ascii: "p"), UInt8(ascii: "t"), UInt8(ascii: "u"): return true
        default: return false
        }
    }

    /// True for a request that asks to switch protocols (WebSocket): Upgrade present and
    /// "upgrade" among the Connection tokens.
    static func wantsUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.version.minor >= 1 && head.headers.contains("Upgrade") && head.headers.hasToken("upgrade", in: "Connection")
    }

    /// The head sent to the backend: HTTP/1.1, hop-by-hop removed, framing kept, X-Forwarded-* set.
    static func backendRequest(_ head: HTTPRequestHead, peer: String, listenPort: String, requestStartMillis: UInt64) -> HTTPRequestHead {
        var out = head
        out.version = .http11
        let upgrade = wantsUpgrade(head) ? head.headers["Upgrade"] : nil
        let chunked = head.headers.contains("Transfer-Encoding")
        stripHopByHop(&out.headers)
        if chunked { out.headers.add("Transfer-Encoding", "chunked") }
        if let upgrade {
            out.headers.add("Upgrade", upgrade)
            out.headers.add("Connection", "upgrade")
        }
        var forwardedFor = peer
        if head.headers.contains("X-Forwarded-For") {
            let incoming = head.headers.values("X-Forwarded-For").map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
            forwardedFor = (incoming + [peer]).joined(separator: ", ")
        }
        out.headers.set("X-Forwarded-For", forwardedFor)
        out.headers.set("X-Forwarded-Proto", "http")
        out.headers.set("X-Forwarded-Port", listenPort)
        out.headers.set("X-Request-Start", "t=\(requestStartMillis)")
        return out
    }

    /// How a response body travels to the client, decided from the backend head.
    enum ClientFraming: Equatable {
        case none          // HEAD, 1xx, 204, 304: no body bytes, headers kept as sent
        case length        // Content-Length passed through
        case chunked       // re-chunked (backend chunked or close-delimited, HTTP/1.1 client)
        case untilClose    // HTTP/1.0 client without a length: close ends the body
    }

    /// The head sent to the client, and how its body is framed.
    static func clientResponse(_ head: HTTPResponseHead, requestMethod: String, clientVersion: HTTPVersion,
                               closeAfter: inout Bool) -> (HTTPResponseHead, ClientFraming) {
        var out = head
        out.version = .http11
        let hadLength = head.headers.contains("Content-Length") && !head.headers.contains("Transfer-Encoding")
        stripHopByHop(&out.headers)
        let framing: ClientFraming
        if requestMethod == "HEAD" || head.status < 200 || head.status == 204 || head.status == 304 {
            framing = .none
        } else if hadLength {
            framing = .length
        } else if clientVersion.minor >= 1 {
            out.headers.remove("Content-Length")
            out.headers.add("Transfer-Encoding", "chunked")
            framing = .chunked
        } else {
            closeAfter = true
            framing = .untilClose
        }
        if closeAfter {
            out.headers.add("Connection", "close")
        } else if clientVersion.minor == 0 {
            out.headers.add("Connection", "keep-alive")
        }
        return (out, framing)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}
