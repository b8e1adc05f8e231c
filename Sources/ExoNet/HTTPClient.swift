import ExoHTTP

/// Blocking HTTP/1.1 client for http:// URLs; one connection per call. For several requests over
/// one kept-alive connection use `HTTPClientConnection`.
public struct HTTPClient: Sendable {
    /// Longest wait for connecting and for each read or write (not for the whole exchange, so
    /// long streamed responses are fine as long as bytes keep coming).
    public var timeout: Double

    public init(timeout: Double = 30) { self.timeout = timeout }

    public func send(method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPClientResponse {
        try send(method: method, url: url, headers: headers, body: .bytes(body))
    }

    public func send(method: String, url: String, headers: [(String, String)] = [],
                     body: HTTPClientRequestBody) throws -> HTTPClientResponse {
        var result: HTTPClientResponse?
        var collected: [UInt8] = []
        try stream(method: method, url: url, headers: headers, body: body,
                   onHead: { head in result = HTTPClientResponse(status: head.status, reason: head.reason, headers: head.headers, body: []) },
                   onBody: { bytes in collected.append(contentsOf: bytes) })
        guard var response = result else { throw NetworkError(.closed, "\(method) \(url)", "no response") }
        response.body = collected
        return response
    }

    /// Calls `onHead` once with the final response head, then `onBody` for each piece as it arrives.
    public func stream(method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = [],
                       onHead: (HTTPResponseHead) throws -> Void, onBody: ([UInt8]) throws -> Void) throws {
        try stream(method: method, url: url, headers: headers, body: .bytes(body), onHead: onHead, onBody: onBody)
    }

    public func stream(method: String, url: String, headers: [(String, String)] = [], body: HTTPClientRequestBody,
                       onHead: (HTTPResponseHead) throws -> Void, onBody: ([UInt8]) throws -> Void) throws {
        let parsed = try HTTPURL(parsing: url)
        let connection = try HTTPClientConnection(url: parsed, timeout: timeout)
        defer { connection.close() }
        var fields = headers
        if !fields.contains(where: { $0.0.lowercased() == "connection" }) { fields.append(("Connection", "close")) }
        if let userInfo = parsed.userInfo, !fields.contains(where: { $0.0.lowercased() == "authorization" }) {
            let decoded = HTTPTarget.percentDecode(Array(userInfo.utf8)[...], plusIsSpace: false)
            fields.append(("Authorization", "Basic " + Base64.encode(Array(decoded.utf8))))
        }
        try connection.perform(method: method, target: parsed.target, headers: fields, body: body,
                               onHead: onHead, onBody: onBody)
    }
}

/// RFC 4648 base64, for Basic credentials.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = Int(bytes[i]), b1 = i + 1 < bytes.count ? Int(bytes[i + 1]) : 0, b2 = i + 2 < bytes.count ? Int(bytes[i + 2]) : 0
            out.append(alphabet[b0 >> 2])
            out.append(alphabet[(b0 & 3) << 4 | b1 >> 4])
            out.append(i + 1 < bytes.count ? alphabet[(b1 & 15) << 2 | b2 >> 6] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[b2 & 63] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
