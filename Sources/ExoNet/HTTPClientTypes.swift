import ExoHTTP

/// A request body: bytes sent with Content-Length, or pieces sent as chunks until the producer returns nil.
public enum HTTPClientRequestBody: Sendable {
    case bytes([UInt8])
    case chunked(@Sendable () throws -> [UInt8]?)
}

/// A complete response.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var reason: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status; self.reason = reason; self.headers = headers; self.body = body
    }

    /// The body decoded as UTF-8.
    public var text: String { String(decoding: body, as: UTF8.self) }
}
