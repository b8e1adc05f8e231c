import ExoAPIClient
import ExoNet
import ExoWire
import Foundation
import Synchronization
import Testing

/// The client against a real ExoNet server on 127.0.0.1 with a free port.
struct APIClientTests {
    /// Starts a server answering every request with `status` and `body`, recording what it received.
    final class StubServer: Sendable {
        typealias Seen = (method: String, path: String, authorization: String?, contentType: String?, body: String)

        final class Recorder: Sendable {
            let requests = Mutex<[Seen]>([])
        }

        let server: HTTPServer
        let recorder = Recorder()

        init(status: Int, body: String) throws {
            let recorder = self.recorder
            server = HTTPServer(address: SocketAddress(host: "127.0.0.1", port: 0)) { request, response in
                let bytes = try request.readBody(limit: 1 << 20)
                recorder.requests.withLock {
                    $0.append((request.method, request.path, request.headers["Authorization"], request.headers["Content-Type"],
                               String(decoding: bytes, as: UTF8.self)))
                }
                try response.send(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
            }
            try server.start()
        }

        var url: String { "http://127.0.0.1:\(server.port)" }

        func client(token: WireToken? = WireToken(token: "abc", expires: "x")) -> APIClient {
            APIClient(baseURL: url, transport: HTTPClientTransport(timeout: 5), token: token, attempts: 1, retryDelay: 0)
        }
    }

    @Test func tokenAuthHeaderAndFormBodyAreSentLikePycclib() throws {
        let stub = try StubServer(status: 201, body: Fixtures.app)
        defer { stub.server.stop() }
        let app = try stub.client().createApp(name: "hello", type: "python", repositoryType: "git", buildpackURL: nil)
        #expect(app.name == "hello")
        let request = try #require(stub.recorder.requests.withLock { $0.first })
        #expect(request.method == "POST")
        #expect(request.path == "/app/")
        #expect(request.authorization == "cc_auth_token=\"abc\"")
        #expect(request.contentType == "application/x-www-form-urlencoded")
        #expect(request.body == "name=hello&type=python&repository_type=git")
    }

    @Test func tokenIsCreatedWithBasicAuth() throws {
        let stub = try StubServer(status: 200, body: #"{"token": "new", "expires": "2030-01-01T00:00:00"}"#)
        defer { stub.server.stop() }
        var client = stub.client(token: nil)
        try client.createToken(email: "ann@example.com", password: "pw")
        #expect(client.token == WireToken(token: "new", expires: "2030-01-01T00:00:00"))
        let request = try #require(stub.recorder.requests.withLock { $0.first })
        #expect(request.path == "/token/")
        #expect(request.authorization == "Basic " + Data("ann@example.com:pw".utf8).base64EncodedString())
    }

    @Test func callsWithoutTokenFailBeforeSending() throws {
        let stub = try StubServer(status: 200, body: "[]")
        defer { stub.server.stop() }
        #expect(throws: APIError.tokenRequired) { try stub.client(token: nil).readApps() }
        #expect(stub.recorder.requests.withLock { $0.isEmpty })
    }

    @Test(arguments: [
        (400, #"{"name": "App name already taken."}"#, APIError.badRequest(fields: [.init(field: "name", message: "App name already taken.")])),
        (401, #"{"error": "Unauthorized"}"#, APIError.unauthorized("Unauthorized")),
        (403, #"{"error": "Forbidden"}"#, APIError.forbidden("Forbidden")),
        (409, #"{"error": "Duplicate"}"#, APIError.conflict("Duplicate")),
        (410, #""This application is unknown.""#, APIError.gone("This application is unknown.")),
        (501, "not here", APIError.notImplemented("not here")),
        (503, #"{"error": "Key exists."}"#, APIError.throttled(message: "Key exists.", text: "[ERROR] Key exists.")),
        (418, "teapot", APIError.unexpectedStatus(418)),
    ])
    func statusesMapToTypedErrors(status: Int, body: String, expected: APIError) throws {
        let stub = try StubServer(status: status, body: body)
        defer { stub.server.stop() }
        #expect(throws: expected) { try stub.client().readApps() }
    }

    @Test func errorTextsAreWhatCctrlPrints() {
        #expect(APIError.badRequest(fields: [.init(field: "email", message: "Invalid."), .init(field: "name", message: "Taken.")])
            .description == "email: Invalid.\nname: Taken.\n")
        #expect(APIError.unexpectedStatus(418).description == "Received unexpected response status: 418")
        #expect(APIError.from(status: 400, body: Array(#"{"max_boxes_over_max_process_limit": "x"}"#.utf8))
            .hasField("max_boxes_over_max_process_limit"))
    }

    @Test func unreachableServerIsAConnectionError() throws {
        // Bind and stop a server so that its port is (almost certainly) closed.
        let stub = try StubServer(status: 200, body: "[]")
        let url = stub.url
        stub.server.stop()
        let client = APIClient(baseURL: url, transport: HTTPClientTransport(timeout: 2), token: WireToken(token: "t", expires: ""),
                               attempts: 2, retryDelay: 0)
        #expect(throws: APIError.connection("Could not connect to API...")) { try client.readApps() }
    }
}
