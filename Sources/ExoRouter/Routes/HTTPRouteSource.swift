import ExoNet

/// exod's `GET /internal/routes?since=N` long-poll, through ExoNet's blocking client.
struct HTTPRouteSource: RouteSource {
    let url: String
    let token: String?
    /// Above the server's 25 s poll window so that a quiet poll is not mistaken for a failure.
    private let client = HTTPClient(timeout: 35)

    init(url: String, token: String?) {
        self.url = url
        self.token = token
    }

    func fetch(since version: Int) throws -> RouteTableDocument {
        let separator = url.contains("?") ? "&" : "?"
        var headers: [(String, String)] = [("Accept", "application/json")]
        if let token { headers.append(("X-Exo-Internal-Token", token)) }
        let response = try client.send(method: "GET", url: "\(url)\(separator)since=\(version)", headers: headers)
        guard response.status == 200 else {
            throw RouterError("route source answered \(response.status)")
        }
        return try RouteTableDocument.decode(response.body)
    }
}
