import ExoSystem
import Foundation
import Testing

/// HTTP through the real router to the real app: persistent and pipelined connections, streamed
/// uploads, an early answer, forwarded headers, Host matching, WebSockets.
extension RouterScenarioTests {
    @Test func oneClientConnectionCarriesManyRequestsStaysOpenWhenIdleAndAnswersPipelinedRequestsInOrder() throws {
        let app = try RouterDeployment.require()
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        var identities: [String] = [], servedOnBackendConnection: [Int] = []
        for index in 0..<9 {
            try connection.send(RouterConnection.request("GET", "/whoami?n=\(index)", host: app.host))
            let response = try connection.readResponse()
            #expect(response.status == 200, "\(response.head)")
            #expect(response.header("Connection")?.lowercased() != "close", "\(response.head)")
            let body = try response.json()
            identities.append(body["id"] as? String ?? "?")
            servedOnBackendConnection.append(body["served_on_connection"] as? Int ?? 0)
        }
        #expect(Set(identities).count == 3, "\(identities)")
        // From the second round on, the router reuses its idle connections to the containers.
        #expect(servedOnBackendConnection.dropFirst(3).allSatisfy { $0 >= 2 }, "\(servedOnBackendConnection)")

        // An idle pause does not end the client connection.
        #expect(!connection.isClosedByPeer(wait: 1.5))
        try connection.send(RouterConnection.request("GET", "/whoami?after=idle", host: app.host))
        #expect(try connection.readResponse().status == 200)

        // Three requests in one write: three answers, in order.
        try connection.send((1...3).flatMap { RouterConnection.request("GET", "/headers?seq=\($0)", host: app.host) })
        for seq in 1...3 {
            let response = try connection.readResponse()
            #expect(response.status == 200)
            #expect(try response.json()["request_line"] as? String == "GET /headers?seq=\(seq) HTTP/1.1")
        }
        #expect(!connection.isClosedByPeer())
    }

    @Test func chunkedUploadOfFiveMegabytesReachesTheAppStreamedWithExactByteCountAndHash() throws {
        let app = try RouterDeployment.require()
        let payload = TestPayload.bytes(5 * 1024 * 1024 + 17)
        let expected = try TestPayload.sha256(payload)
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        try connection.send(RouterConnection.request("POST", "/upload", host: app.host,
                                                     headers: [("Transfer-Encoding", "chunked")]))
        // Uneven chunk sizes, from one byte to 300 KB, so no size lines up with a buffer boundary.
        let sizes = [1, 4093, 65536, 300_000, 17, 131_071]
        var offset = 0, index = 0
        while offset < payload.count {
            let size = min(sizes[index % sizes.count], payload.count - offset)
            try connection.send(Array((String(size, radix: 16) + "\r\n").utf8) + payload[offset..<offset + size] + [13, 10])
            offset += size
            index += 1
        }
        try connection.send("0\r\n\r\n")
        let response = try connection.readResponse()
        #expect(response.status == 200, "\(response.head)\(response.text)")
        let body = try response.json()
        #expect(body["bytes"] as? Int == payload.count)
        #expect(body["sha256"] as? String == expected)
        // Streamed on as chunked, not collected into one Content-Length body.
        #expect(body["transfer_encoding"] as? String == "chunked")
        #expect(body["content_length"] is NSNull)

        // The same connection goes on: a Content-Length upload that first waits for 100 Continue.
        let second = TestPayload.bytes(3 * 1024 * 1024 + 1, seed: 42)
        try connection.send(RouterConnection.request("PUT", "/upload", host: app.host,
                                                     headers: [("Content-Length", String(second.count)), ("Expect", "100-continue")]))
        let interim = try connection.readHead()
        #expect(interim.status == 100, "\(interim.head)")
        try connection.send(second)
        let final = try connection.readResponse()
        #expect(final.status == 200, "\(final.head)")
        let finalBody = try final.json()
        #expect(finalBody["bytes"] as? Int == second.count)
        #expect(finalBody["sha256"] as? String == (try TestPayload.sha256(second)))
        #expect(finalBody["content_length"] as? String == String(second.count))
    }

    /// The app refuses right after the head, or after reading the first megabyte of the body.
    @Test(arguments: [0, 1024 * 1024])
    func earlyPayloadTooLargeAnswerReachesTheClientWholeWhileItIsStillUploading(appReadsFirst: Int) throws {
        let app = try RouterDeployment.require()
        let declared = 64 * 1024 * 1024
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        try connection.send(RouterConnection.request("POST", "/limited?read=\(appReadsFirst)", host: app.host,
                                                     headers: [("Content-Length", String(declared))]))
        let sent = Locked(0)
        let uploader = JoinableThread {
            let piece = TestPayload.bytes(64 * 1024)
            while sent.get() < declared {
                guard (try? connection.send(piece)) != nil else { return }
                sent.withLock { $0 += piece.count }
            }
        }
        let response = try connection.readResponse()
        let sentWhenAnswered = sent.get()
        #expect(response.status == 413, "\(response.head)")
        #expect(response.text == "Request body too large for /limited\n")
        print("router scenario: 413 complete after \(sentWhenAnswered) of \(declared) body bytes sent (app read \(appReadsFirst))")
        // (One 64 KB piece of slack: the counter moves after `send` returns.)
        #expect(sentWhenAnswered >= appReadsFirst - 65536 && sentWhenAnswered < declared,
                "\(sentWhenAnswered) of \(declared) bytes sent when the 413 was complete")
        // The rest of the body is never read: the router ends the connection.
        #expect(connection.isClosedByPeer(wait: 10))
        connection.shutdownBoth()
        uploader.join()

        // Nothing was left half-done on the app side: the next requests are answered normally.
        for _ in 0..<3 { #expect(try app.json("/whoami").status == 200) }
    }

    @Test(arguments: ["length", "chunked", "close"])
    func responseBodyFramedByLengthChunksOrCloseArrivesWholeAndTheClientConnectionStays(framing: String) throws {
        let app = try RouterDeployment.require()
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        let size = 4 * 1024 * 1024 + 3
        try connection.send(RouterConnection.request("GET", "/download?bytes=\(size)&framing=\(framing)", host: app.host))
        let response = try connection.readResponse()
        #expect(response.status == 200, "\(response.head)")
        #expect(response.body.count == size)
        #expect(try TestPayload.sha256(response.body) == response.header("X-Body-Sha256"))
        // A body that ends with the app's close is re-chunked for an HTTP/1.1 client, so the
        // client's connection outlives the backend one.
        if framing != "length" { #expect(response.header("Transfer-Encoding")?.lowercased() == "chunked", "\(response.head)") }
        try connection.send(RouterConnection.request("GET", "/whoami", host: app.host))
        #expect(try connection.readResponse().status == 200)
    }

    @Test func afterAHeadAnswerWithoutBodyTheConnectionsOnBothSidesStayInStep() throws {
        let app = try RouterDeployment.require()
        // Short reads: a router waiting for a HEAD body that never comes shows as a timeout here,
        // and closing then also ends the router's stuck backend exchange for the tests after this one.
        let connection = try RouterConnection(port: app.port, timeout: 5)
        defer { connection.close() }
        try connection.send(RouterConnection.request("HEAD", "/whoami", host: app.host))
        let head = try connection.readResponse(method: "HEAD")
        #expect(head.status == 200, "\(head.head)")
        #expect(Int(head.header("Content-Length") ?? "") ?? 0 > 0, "\(head.head)")
        // One GET per container on the same client connection (so the same event loop and its
        // pool): the third reuses the backend connection that carried the HEAD.
        var answers: [String] = []
        for n in 1...3 {
            try connection.send(RouterConnection.request("GET", "/headers?after=head&n=\(n)", host: app.host))
            do {
                answers.append(try connection.readResponse().json()["request_line"] as? String ?? "?")
            } catch {
                answers.append("no answer: \(error)")
                break
            }
        }
        #expect(answers == (1...3).map { "GET /headers?after=head&n=\($0) HTTP/1.1" }, "\(answers)")
    }

    @Test func http10ClientsAreAnsweredAndKeptAliveOnlyWhenTheyAsk() throws {
        let app = try RouterDeployment.require()
        let keptAlive = try RouterConnection(port: app.port)
        defer { keptAlive.close() }
        for n in 1...4 {
            try keptAlive.send("GET /whoami?n=\(n) HTTP/1.0\r\nHost: \(app.host)\r\nConnection: keep-alive\r\n\r\n")
            let response = try keptAlive.readResponse()
            #expect(response.status == 200)
            #expect(response.head.hasPrefix("HTTP/1.1 200") || response.head.hasPrefix("HTTP/1.0 200"), "\(response.head)")
            #expect(response.header("Connection")?.lowercased() == "keep-alive", "\(response.head)")
        }
        let plain = try RouterConnection(port: app.port)
        defer { plain.close() }
        try plain.send("GET /whoami HTTP/1.0\r\nHost: \(app.host)\r\n\r\n")
        #expect(try plain.readResponse().status == 200)
        #expect(plain.isClosedByPeer(wait: 5))
    }

    @Test func forwardedHeadersJoinBothIncomingForwardedForLinesThenThePeerAndAreSetOnceByTheRouter() throws {
        let app = try RouterDeployment.require()
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        let before = UInt64(Date().timeIntervalSince1970 * 1000)
        try connection.send(RouterConnection.request("GET", "/headers", host: app.host, headers: [
            ("X-Forwarded-For", "203.0.113.1"),
            ("X-Forwarded-Proto", "https"),
            ("X-Forwarded-For", "198.51.100.2, 192.0.2.3"),
            ("X-Forwarded-Port", "1"),
            ("X-Request-Start", "t=1"),
        ]))
        let response = try connection.readResponse()
        let after = UInt64(Date().timeIntervalSince1970 * 1000)
        #expect(response.status == 200)
        let seen = try Self.headerLines(response)
        #expect(Self.values("X-Forwarded-For", in: seen) == ["203.0.113.1, 198.51.100.2, 192.0.2.3, 127.0.0.1"], "\(seen)")
        #expect(Self.values("X-Forwarded-Proto", in: seen) == ["http"], "\(seen)")
        #expect(Self.values("X-Forwarded-Port", in: seen) == [String(app.port)], "\(seen)")
        let start = Self.values("X-Request-Start", in: seen)
        #expect(start.count == 1, "\(seen)")
        let millis = start.first.flatMap { $0.hasPrefix("t=") ? UInt64($0.dropFirst(2)) : nil } ?? 0
        #expect(millis >= before - 1000 && millis <= after + 1000, "X-Request-Start \(start) not within [\(before), \(after)]")

        // Without incoming lines the peer alone.
        try connection.send(RouterConnection.request("GET", "/headers", host: app.host))
        let plain = try Self.headerLines(try connection.readResponse())
        #expect(Self.values("X-Forwarded-For", in: plain) == ["127.0.0.1"], "\(plain)")
    }

    @Test func hopByHopHeadersAndThoseNamedInConnectionNeverReachTheApp() throws {
        let app = try RouterDeployment.require()
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        try connection.send(RouterConnection.request("GET", "/headers", host: app.host, headers: [
            ("Connection", "keep-alive, X-Hop-Secret"), ("X-Hop-Secret", "for the router only"),
            ("Keep-Alive", "timeout=5"), ("TE", "trailers"), ("Proxy-Authorization", "Basic c2VjcmV0"),
            ("Upgrade", "h2c"), ("X-End-To-End", "kept"),
        ]))
        let seen = try Self.headerLines(try connection.readResponse())
        let names = Set(seen.map { $0.0.lowercased() })
        for dropped in ["x-hop-secret", "keep-alive", "te", "proxy-authorization", "upgrade"] {
            #expect(!names.contains(dropped), "\(dropped) reached the app: \(seen)")
        }
        // A plain request never gets an injected `Connection: upgrade`.
        #expect(!Self.values("Connection", in: seen).contains { $0.lowercased().contains("upgrade") }, "\(seen)")
        #expect(Self.values("X-End-To-End", in: seen) == ["kept"])
        #expect(Self.values("Host", in: seen) == [app.host])
    }

    /// The (name, value) header lines the app received, in order.
    static func headerLines(_ response: RawResponse) throws -> [(String, String)] {
        let lines = try response.json()["headers"] as? [[String]] ?? []
        return lines.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }

    static func values(_ name: String, in lines: [(String, String)]) -> [String] {
        lines.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
    }
}
