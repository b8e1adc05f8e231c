import ExoGit
import ExoSystem
import ExoWire
import Foundation
import Testing

/// `/internal/…`: only callers holding the internal token (exo-router, the pre-receive hook).
struct InternalRoutesTests {
    @Test(arguments: [nil, "wrong-secret", ""] as [String?])
    func withoutTheInternalTokenEverythingIs403(_ token: String?) throws {
        let api = try APIHarness()
        defer { api.stop() }
        let headers = token.map { [(PushProtocol.tokenHeader, $0)] } ?? []
        #expect(try api.send("GET", "/internal/routes?since=0", headers: headers).status == 403)
        #expect(try api.send("POST", PushProtocol.path, headers: headers).status == 403)
    }

    @Test func theRouteTableIsServedAtOnceWhenTheCallerIsBehind() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let started = Date()
        let response = try api.send("GET", "/internal/routes?since=0", headers: [(PushProtocol.tokenHeader, "internal-secret")])
        #expect(response.status == 200)
        #expect(Date().timeIntervalSince(started) < 5)
        let table = try #require(object(response.body))
        #expect((table["version"] as? Int ?? 0) > 0)
        #expect((table["routes"] as? [Any])?.isEmpty == true)
    }

    @Test func anUnknownInternalPathIs404() throws {
        let api = try APIHarness()
        defer { api.stop() }
        #expect(try api.send("GET", "/internal/nothing", headers: [(PushProtocol.tokenHeader, "internal-secret")]).status == 404)
    }

    @Test func aMalformedPushRequestIs400() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let response = try api.client.send(method: "POST", url: "http://127.0.0.1:\(api.server.port)\(PushProtocol.path)",
                                           headers: [(PushProtocol.tokenHeader, "internal-secret")], body: Array("{".utf8))
        #expect(response.status == 400)
    }

    @Test func aRefusedPushStreamsTheReasonAndTheFailedResultLine() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let push = PushRequest(app: "ghost", ref: "refs/heads/master", old: String(repeating: "0", count: 40),
                               new: String(repeating: "a", count: 40), pusher: "bob", objectEnvironment: [:])
        let response = try api.client.send(method: "POST", url: "http://127.0.0.1:\(api.server.port)\(PushProtocol.path)",
                                           headers: [(PushProtocol.tokenHeader, "internal-secret")],
                                           body: WireJSON.encode(push))
        #expect(response.status == 200)
        let lines = response.text.split(separator: "\n").map(String.init)
        #expect(lines.contains(" !     Push rejected: This application is unknown."))
        #expect(lines.last == PushProtocol.failedLine)
    }

    @Test func wakeStartsAnIdleDeploymentAndRefusesOthers() throws {
        let asked = Locked<[String]>([])
        let api = try APIHarness(wake: { deployment in
            asked.withLock { $0.append(deployment) }
            return deployment == "sleepy/default"
        })
        defer { api.stop() }
        let url = "http://127.0.0.1:\(api.server.port)/internal/wake"
        let token = [(PushProtocol.tokenHeader, "internal-secret")]
        #expect(try api.client.send(method: "POST", url: url, headers: token, body: Array(#"{"deployment":"sleepy/default"}"#.utf8)).status == 202)
        #expect(try api.client.send(method: "POST", url: url, headers: token, body: Array(#"{"deployment":"busy/default"}"#.utf8)).status == 409)
        #expect(try api.client.send(method: "POST", url: url, headers: token, body: Array("{".utf8)).status == 400)
        #expect(try api.client.send(method: "POST", url: url, body: Array(#"{"deployment":"sleepy/default"}"#.utf8)).status == 403)
        #expect(asked.get() == ["sleepy/default", "busy/default"])
    }
}
