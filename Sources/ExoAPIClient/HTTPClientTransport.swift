import ExoNet

/// `APITransport` over ExoNet's blocking `HTTPClient` (one connection per call, http:// only).
public struct HTTPClientTransport: APITransport {
    public var client: HTTPClient

    /// Long enough for a deploy: the API answers once the new containers listen (boot timeout
    /// 60 s by default, plus queueing behind another deploy of the same deployment).
    public init(timeout: Double = 600) {
        client = HTTPClient(timeout: timeout)
    }

    public func send(method: String, url: String, headers: [(String, String)], body: [UInt8]) throws -> APIResponse {
        let response = try client.send(method: method, url: url, headers: headers, body: body)
        return APIResponse(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
    }
}
