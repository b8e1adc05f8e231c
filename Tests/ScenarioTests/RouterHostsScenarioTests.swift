import Foundation
import Testing

/// Host matching and WebSocket tunnelling through the real router.
extension RouterScenarioTests {
    @Test func hostIsMatchedIgnoringCasePortAndOneTrailingDotIsForwardedUnchangedAndNoInternalAddressLeaks() throws {
        let app = try RouterDeployment.require()
        let port = app.port
        var heads: [String] = [], routerPages: [RawResponse] = [], containerPorts: Set<String> = []

        func send(_ host: String?) throws -> RawResponse {
            let connection = try RouterConnection(port: port)
            defer { connection.close() }
            try connection.send(RouterConnection.request("GET", "/headers", host: host))
            let response = try connection.readResponse()
            heads.append(response.head)
            return response
        }

        let variants: [(sent: String, deployment: String)] = [
            ("ROUTER.APP.LOCALHOST", "router/default"),
            ("Router.App.Localhost:\(port)", "router/default"),
            ("router.app.localhost.", "router/default"),
            ("router.app.localhost.:\(port)", "router/default"),
            ("dev-router.app.localhost", "router/dev"),
            ("DEV-Router.app.localhost:\(port)", "router/dev"),
        ]
        for variant in variants {
            let response = try send(variant.sent)
            #expect(response.status == 200, "\(variant.sent): \(response.head)")
            guard response.status == 200 else { continue }
            let body = try response.json()
            #expect(body["dep"] as? String == variant.deployment, "\(variant.sent)")
            let hosts = Self.values("Host", in: try Self.headerLines(response))
            #expect(hosts == [variant.sent], "the app saw Host \(hosts) for \(variant.sent)")
            if let containerPort = try app.json("/whoami", host: variant.sent).body["port"] as? String {
                containerPorts.insert(containerPort)
            }
        }

        // Only one trailing dot is stripped; an unknown name gets the router's own 404 page.
        for unknown in ["router.app.localhost..", "nobody.app.localhost", "router.app.localhost.example"] {
            let response = try send(unknown)
            #expect(response.status == 404, "\(unknown): \(response.head)")
            #expect(response.text.lowercased().contains("<html"), "\(unknown): \(response.text)")
            routerPages.append(response)
        }
        // No Host line at all.
        let missing = try send(nil)
        #expect(missing.status == 400, "\(missing.head)")
        routerPages.append(missing)

        #expect(containerPorts.count >= 2, "whoami ports: \(containerPorts)")
        for head in heads {
            #expect(!head.contains("127.0.0.1"), "\(head)")
            for containerPort in containerPorts { #expect(!head.contains(containerPort), "container port in \(head)") }
        }
        for page in routerPages {
            #expect(!page.text.contains("127.0.0.1"), "\(page.text)")
            for containerPort in containerPorts { #expect(!page.text.contains(containerPort), "container port in \(page.text)") }
        }
    }

    @Test func webSocketUpgradeIsTunnelledBothWaysForTextBinaryPingAndTheCloseHandshake() throws {
        let app = try RouterDeployment.require()
        let connection = try RouterConnection(port: app.port)
        defer { connection.close() }
        // Token matching is case-insensitive and Connection is a list.
        try connection.send(RouterConnection.request("GET", "/ws", host: app.host, headers: [
            ("Upgrade", "WebSocket"), ("Connection", "keep-alive, Upgrade"),
            ("Sec-WebSocket-Key", WebSocketFrame.sampleKey), ("Sec-WebSocket-Version", "13"),
        ]))
        let handshake = try connection.readHead()
        try #require(handshake.status == 101, "\(handshake.head)")
        #expect(handshake.header("Upgrade")?.lowercased() == "websocket", "\(handshake.head)")
        #expect(handshake.header("Connection")?.lowercased().contains("upgrade") == true, "\(handshake.head)")
        #expect(handshake.header("Sec-WebSocket-Accept") == WebSocketFrame.sampleAccept, "\(handshake.head)")

        let messages: [(UInt8, [UInt8])] = [
            (WebSocketFrame.text, Array("héllo through exo-router 🚀".utf8)),
            (WebSocketFrame.binary, TestPayload.bytes(300, seed: 7)),          // 16-bit length
            (WebSocketFrame.binary, TestPayload.bytes(70_000, seed: 8)),       // 64-bit length
            (WebSocketFrame.text, []),
        ]
        for (opcode, payload) in messages {
            try connection.send(WebSocketFrame.masked(opcode, payload))
            let echo = try connection.readFrame()
            #expect(echo.opcode == opcode)
            #expect(echo.payload == payload, "\(payload.count) bytes sent, \(echo.payload.count) echoed")
            #expect(!echo.masked)
        }
        // Several frames in one write arrive as several echoes, in order.
        try connection.send((1...3).flatMap { WebSocketFrame.masked(WebSocketFrame.text, Array("burst \($0)".utf8)) })
        for n in 1...3 { #expect(try connection.readFrame().payload == Array("burst \(n)".utf8)) }
        try connection.send(WebSocketFrame.masked(WebSocketFrame.ping, Array("are you there".utf8)))
        let pong = try connection.readFrame()
        #expect(pong.opcode == WebSocketFrame.pong)
        #expect(pong.payload == Array("are you there".utf8))

        // Close 1000: the app answers with its close frame and ends; the router ends the tunnel.
        try connection.send(WebSocketFrame.masked(WebSocketFrame.close, [0x03, 0xE8]))
        let close = try connection.readFrame()
        #expect(close.opcode == WebSocketFrame.close)
        #expect(close.payload == [0x03, 0xE8])
        #expect(connection.isClosedByPeer(wait: 5))
    }
}
