import ExoHTTP
import ExoNet
import Testing

struct ServerClientTests {
    @Test func clientGetsResponseFromServer() throws {
        let server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
            let body = try request.readBody(limit: 1 << 20)
            try response.send(status: 200, headers: [("Content-Type", "text/plain")],
                              body: Array("\(request.method) \(request.path) \(request.query["q"] ?? "-") \(body.count)".utf8))
        }
        try server.start()
        defer { server.stop() }
        let client = HTTPClient(timeout: 5)
        let response = try client.send(method: "POST", url: "http://127.0.0.1:\(server.port)/a%20b?q=x+y", body: Array("hello".utf8))
        #expect(response.status == 200)
        #expect(response.text == "POST /a b x y 5")
        #expect(response.headers["Content-Type"] == "text/plain")
    }
}
