import ExoNet
import Foundation
import Testing

/// The router's access log over the real platform: a request through exo-router shows up in the
/// deployment's `access` log (the logs API) within about a second, with the fields of spec §2.4.
@Suite(.serialized)
struct AccessLogScenarioTests {
    @Test func requestThroughTheRouterAppearsInTheAccessLogWithinASecond() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        _ = try ann.deploy(example: "python-hello", as: "hello")

        let response = try platform.get(host: platform.host(app: "hello"), path: "/visited?from=test",
                                        headers: [("Referer", "http://example.org/start"), ("User-Agent", "scenario-agent/1.0")])
        #expect(response.status == 200)
        let sentAt = Date()
        let api = try LogAPI(platform: platform, user: ann)
        var entry: [String: String]?
        while entry == nil, Date().timeIntervalSince(sentAt) < 3 {
            entry = try api.entries("access").first { $0["first_request_line"] == "GET /visited?from=test HTTP/1.1" }
            if entry == nil { usleep(50_000) }
        }
        let delay = Date().timeIntervalSince(sentAt)
        let found = try #require(entry, "no access entry; exod log:\n\(platform.log)")
        // ~1 s is the promise; the extra margin is for a loaded test machine.
        #expect(delay < 1.5, "access entry took \(delay) s")
        #expect(found["status"] == "200")
        #expect(found["remote_host"] == "127.0.0.1")
        #expect(found["remote_logname"] == "-")
        #expect(found["remote_user"] == "-")
        #expect(found["response_size_CLF"] == String(response.body.count))
        #expect(found["referer"] == "http://example.org/start")
        #expect(found["user_agent"] == "scenario-agent/1.0")
        let time = try #require(Double(found["time"] ?? ""))
        #expect(abs(time - sentAt.timeIntervalSince1970) < 5)
    }
}
