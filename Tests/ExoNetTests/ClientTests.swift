import ExoHTTP
import ExoNet
import Testing

struct ClientTests {
    @Test func readsACloseDelimitedResponse() throws {
        let server = try CannedServer(responses: [bytes("HTTP/1.0 200 OK\r\nX-A: b\r\n\r\nuntil"), bytes(" the end")], delayBetween: 0.05)
        let response = try HTTPClient(timeout: 5).send(method: "GET", url: "http://127.0.0.1:\(server.port)/")
        #expect(response.status == 200)
        #expect(response.headers["x-a"] == "b")
        #expect(response.text == "until the end")
    }

    @Test func skipsInterimResponsesAndDechunks() throws {
        let server = try CannedServer(responses: [
            bytes("HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n"),
            bytes("5\r\npedia\r\n0\r\n\r\n"),
        ], delayBetween: 0.05)
        let response = try HTTPClient(timeout: 5).send(method: "GET", url: "http://127.0.0.1:\(server.port)/")
        #expect(response.status == 200)
        #expect(response.text == "wikipedia")
    }

    @Test func truncatedResponseIsAnError() throws {
        let server = try CannedServer(responses: [bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort")])
        #expect(throws: (any Error).self) { _ = try HTTPClient(timeout: 5).send(method: "GET", url: "http://127.0.0.1:\(server.port)/") }
    }

    @Test func silentServerTimesOut() throws {
        let server = try CannedServer(responses: [bytes("HTTP/1.1 200 OK\r\n")], holdOpen: 2)
        let error = #expect(throws: NetworkError.self) {
            _ = try HTTPClient(timeout: 0.3).send(method: "GET", url: "http://127.0.0.1:\(server.port)/")
        }
        #expect(error?.isTimeout == true)
        _ = server
    }

    @Test func refusedConnectionIsASystemError() throws {
        let server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { _, _ in }
        try server.start()
        let freePort = server.port
        server.stop()
        #expect(throws: NetworkError.self) { _ = try HTTPClient(timeout: 2).send(method: "GET", url: "http://127.0.0.1:\(freePort)/") }
    }

    @Test func urlsAreParsed() throws {
        let a = try HTTPURL(parsing: "http://user:p%40ss@example.com:8080/a/b?c=d#frag")
        #expect(a.host == "example.com" && a.port == 8080 && a.target == "/a/b?c=d" && a.userInfo == "user:p%40ss")
        #expect(a.hostHeader == "example.com:8080")
        let b = try HTTPURL(parsing: "http://[::1]?x=1")
        #expect(b.host == "::1" && b.port == 80 && b.target == "/?x=1" && b.hostHeader == "[::1]")
        #expect(throws: NetworkError.self) { _ = try HTTPURL(parsing: "https://example.com/") }
        #expect(throws: NetworkError.self) { _ = try HTTPURL(parsing: "http://example.com:99999/") }
    }

    @Test func basicCredentialsFromTheURLAreSent() throws {
        try withServer({ request, response in
            try response.send(status: 200, body: bytes(request.headers["Authorization"] ?? "none"))
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: "http://ann:s%3Acret@127.0.0.1:\(server.port)/")
            #expect(response.text == "Basic YW5uOnM6Y3JldA==")
        }
    }

    @Test func socketAddressesAreParsed() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:8000") == SocketAddress(host: "127.0.0.1", port: 8000))
        #expect(try SocketAddress(parsing: "[::1]:80") == SocketAddress(host: "::1", port: 80))
        #expect(try SocketAddress(parsing: ":9000") == SocketAddress(host: "0.0.0.0", port: 9000))
        #expect(throws: NetworkError.self) { _ = try SocketAddress(parsing: "localhost") }
        #expect(throws: NetworkError.self) { _ = try SocketAddress(parsing: "a:70000") }
    }
}

struct LocalhostNameTests {
    @Test func subdomainsOfLocalhostReachLoopbackWithTheirHostHeader() throws {
        try withServer({ request, response in
            try response.send(status: 200, body: bytes(request.headers["Host"] ?? ""))
        }) { server in
            let response = try HTTPClient(timeout: 5).send(method: "GET", url: "http://hello.app.localhost:\(server.port)/")
            #expect(response.text == "hello.app.localhost:\(server.port)")
        }
    }
}
