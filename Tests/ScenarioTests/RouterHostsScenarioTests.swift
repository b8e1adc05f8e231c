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

/// Aliases: added and removed with `exoapp`, routed by the real router as soon as the command returns.
extension RouterScenarioTests {
    @Test func aliasesAddedWithTheClientAreRoutedAtOnceExactAndWildcardAndStopWhenRemoved() throws {
        let app = try RouterDeployment.require()
        let user = app.user
        func deployment(answering host: String) throws -> String {
            let answer = try app.json("/headers", host: host)
            return answer.status == 200 ? answer.body["dep"] as? String ?? "?" : "status \(answer.status)"
        }

        #expect(try deployment(answering: "www.router-alias.example") == "status 404")
        try user.expectOK(user.exoapp(RouterDeployment.app, "alias.add", "WWW.Router-Alias.Example."))
        try user.expectOK(user.exoapp(RouterDeployment.app + "/dev", "alias.add", "*.dev.router-alias.example"))
        // No waiting: the command returns once the router has the new table.
        #expect(try deployment(answering: "www.router-alias.example") == "router/default")
        #expect(try deployment(answering: "WWW.router-alias.example.:\(app.port)") == "router/default")
        #expect(try deployment(answering: "a.b.dev.router-alias.example") == "router/dev")
        #expect(try deployment(answering: "dev.router-alias.example") == "status 404", "a wildcard covers the names below its domain only")

        let list = try user.exoapp(RouterDeployment.app, "alias")
        #expect(list.status == 0, "\(list)")
        let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.contains([app.host, "1", "1"]), "\(list.stdout)")
        #expect(rows.contains(["www.router-alias.example", "0", "1"]), "\(list.stdout)")
        let details = try user.exoapp(RouterDeployment.app, "alias", "www.router-alias.example")
        #expect(details.stdout.contains("is_default               : False"), "\(details)")

        // One host leads to one deployment; the platform's own names are nobody's alias; nothing changes.
        let taken = try user.exoapp(RouterDeployment.app + "/dev", "alias.add", "www.router-alias.example")
        #expect(taken.status != 0 && (taken.stdout + taken.stderr).contains("already in use"), "\(taken)")
        for refused in ["other.\(app.platform.domain)", "*.localhost", "bad_name.example", "127.0.0.1"] {
            let result = try user.exoapp(RouterDeployment.app, "alias.add", refused)
            #expect(result.status != 0 && (result.stdout + result.stderr).contains("name: "), "\(refused): \(result)")
        }
        #expect(try deployment(answering: "www.router-alias.example") == "router/default")
        #expect(try deployment(answering: app.host) == "router/default")

        // Another user can take no name below this user's wildcard (aliases are not DNS-verified).
        let mallory = try app.platform.user("mallory")
        try mallory.signUp()
        try mallory.expectOK(mallory.exoapp("grabber", "create", "python"))
        let grab = try mallory.exoapp("grabber", "alias.add", "x.dev.router-alias.example")
        #expect(grab.status != 0 && (grab.stdout + grab.stderr).contains("overlaps an alias of another user's app"), "\(grab)")
        #expect(try deployment(answering: "x.dev.router-alias.example") == "router/dev")

        try user.expectOK(user.exoapp(RouterDeployment.app, "alias.remove", "www.router-alias.example"))
        try user.expectOK(user.exoapp(RouterDeployment.app + "/dev", "alias.remove", "*.dev.router-alias.example"))
        #expect(try deployment(answering: "www.router-alias.example") == "status 404")
        #expect(try deployment(answering: "a.b.dev.router-alias.example") == "status 404")
        let again = try user.exoapp(RouterDeployment.app, "alias.remove", "www.router-alias.example")
        #expect(again.status != 0 && (again.stdout + again.stderr).contains("This alias is unknown."), "\(again)")
        let defaultAlias = try user.exoapp(RouterDeployment.app, "alias.remove", app.host)
        #expect(defaultAlias.status != 0, "\(defaultAlias)")
        #expect(try deployment(answering: app.host) == "router/default")
    }
}
