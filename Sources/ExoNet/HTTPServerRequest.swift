import ExoHTTP

/// A request as the handler sees it. The body may be read on another thread than the one writing
/// the response (CGI bridges do), but each of the two by one thread at a time.
public final class HTTPServerRequest: Sendable {
    public let head: HTTPRequestHead
    public let remoteAddress: String
    private let target: HTTPTarget
    private let connection: ServerConnection

    init(head: HTTPRequestHead, remoteAddress: String, connection: ServerConnection) {
        self.head = head
        self.remoteAddress = remoteAddress
        self.connection = connection
        target = HTTPTarget(parsing: head.target)
    }

    public var method: String { head.method }
    /// Percent-decoded path without the query.
    public var path: String { target.path }
    public var query: [String: String] { target.query }
    public var rawQuery: String { target.rawQuery }
    public var headers: HTTPHeaders { head.headers }

    /// The next piece of the (de-chunked) body, or nil at its end. Sends `100 Continue` first when
    /// the client asked for it.
    public func readBodyChunk() throws -> [UInt8]? {
        try connection.readBodyChunk()
    }

    /// The whole body; throws `HTTPParseError` 413 past `limit` bytes.
    public func readBody(limit: Int) throws -> [UInt8] {
        if let declared = head.headers["Content-Length"].flatMap({ Int($0) }), declared > limit {
            throw HTTPParseError(status: 413, reason: "request body larger than \(limit) bytes")
        }
        var body: [UInt8] = []
        while let chunk = try readBodyChunk() {
            guard body.count + chunk.count <= limit else {
                connection.abandonBody()
                throw HTTPParseError(status: 413, reason: "request body larger than \(limit) bytes")
            }
            body.append(contentsOf: chunk)
        }
        return body
    }
}
