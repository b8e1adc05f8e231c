/// The response of one exchange: either `send` once, or `startStreaming`, `write`…, `finish`.
public final class HTTPServerResponse: Sendable {
    private let connection: ServerConnection

    init(connection: ServerConnection) { self.connection = connection }

    /// Sends a complete response with Content-Length (the body is dropped for HEAD requests).
    public func send(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) throws {
        try connection.send(status: status, headers: headers, body: body)
    }

    /// Sends the head of a streamed response: chunked for HTTP/1.1 clients, close-delimited for 1.0.
    public func startStreaming(status: Int, headers: [(String, String)] = []) throws {
        try connection.startStreaming(status: status, headers: headers)
    }

    /// Sends one chunk immediately (TCP_NODELAY, no buffering); empty writes are skipped.
    public func write(_ bytes: [UInt8]) throws {
        try connection.write(bytes)
    }

    /// Ends a streamed response.
    public func finish() throws {
        try connection.finish()
    }

    /// Whether any part of the response has been sent.
    public var hasStarted: Bool { connection.responseStarted }
}
