import ExoGit
import ExoNet
import ExoSystem
import Foundation
import Testing

/// The CGI bridge against scripted CGIs and a plain HTTP client, for what real git rarely shows.
@Suite(.serialized) struct CGIBridgeTests {
    @Test func cgiHeadersAreRelayedAndTheChunkedBodyStreamsThroughStdin() throws {
        let server = try GitServer(gitBinary: Fixtures.path("fake-http-backend"))
        defer { server.stop() }
        let pieces = Locked<[[UInt8]]>([Array("one-".utf8), Array("two-".utf8), Array("three".utf8)])
        let response = try HTTPClient().send(
            method: "POST", url: server.repoURL() + "/git-upload-pack?service=x",
            headers: [("Git-Protocol", "version=2"), ("Content-Type", "application/x-git-upload-pack-request")],
            body: .chunked({ pieces.withLock { $0.isEmpty ? nil : $0.removeFirst() } }))
        #expect(response.status == 418)
        #expect(response.headers.values("X-Dup") == ["1", "2"])
        #expect(response.headers["Content-Length"] == nil)
        #expect(response.text == """
            PATH_INFO=/hello.git/git-upload-pack
            QUERY_STRING=service=x
            REQUEST_METHOD=POST
            CONTENT_LENGTH=unset
            REMOTE_USER=ann
            EXO_APP=hello
            GIT_PROTOCOL=version=2
            STDIN=one-two-three
            """)
    }

    @Test func knownLengthBodiesKeepTheirContentLength() throws {
        let server = try GitServer(gitBinary: Fixtures.path("fake-http-backend"))
        defer { server.stop() }
        let response = try HTTPClient().send(method: "POST", url: server.repoURL() + "/git-receive-pack", body: Array("abc".utf8))
        #expect(response.text.contains("CONTENT_LENGTH=3\n"))
        #expect(response.text.hasSuffix("STDIN=abc"))
    }

    @Test func cgiDyingBeforeItsHeadersEndGets502AndIsLogged() throws {
        let server = try GitServer(gitBinary: Fixtures.path("broken-http-backend"))
        defer { server.stop() }
        let response = try HTTPClient().send(method: "GET", url: server.repoURL() + "/info/refs")
        #expect(response.status == 502)
        // The bridge logs after answering; give it a moment.
        for _ in 0..<100 where server.backendLog.get().isEmpty { usleep(20_000) }
        #expect(server.backendLog.get().contains { $0.contains("simulated crash") && $0.contains("exit status 1") })
    }

    @Test func bodyTheCGINeverReadsIsDrainedAndTheConnectionStaysUsable() throws {
        let server = try GitServer(gitBinary: Fixtures.path("refusing-http-backend"))
        defer { server.stop() }
        let connection = try HTTPClientConnection(url: HTTPURL(parsing: server.baseURL), timeout: 30)
        defer { connection.close() }
        let sent = Locked(0)
        var statuses: [Int] = []
        try connection.perform(
            method: "POST", target: "/git/hello.git/git-receive-pack", headers: [],
            body: .chunked({
                sent.withLock { count -> [UInt8]? in
                    guard count < 64 else { return nil }
                    count += 1
                    return [UInt8](repeating: 0x61, count: 32 * 1024)  // 2 MiB in all, far past any pipe buffer
                }
            }),
            onHead: { statuses.append($0.status) }, onBody: { _ in })
        #expect(sent.get() == 64)
        let second = try connection.send(method: "GET", target: "/git/hello.git/info/refs")
        #expect(statuses == [403])
        #expect(second.status == 403)
        #expect(second.text == "Service not enabled\n")
    }
}
