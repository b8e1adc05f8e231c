/// One HTTP exchange as the API client needs it; implemented over ExoNet's `HTTPClient`
/// (`HTTPClientTransport`) and by in-memory fakes in tests.
public protocol APITransport: Sendable {
    /// Sends one request and returns the whole response; throws only when no response came back.
    func send(method: String, url: String, headers: [(String, String)], body: [UInt8]) throws -> APIResponse
}

/// A complete HTTP response.
public struct APIResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}
