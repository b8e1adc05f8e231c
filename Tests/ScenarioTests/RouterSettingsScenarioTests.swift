import ExoSystem
import Foundation
import Testing

/// The operator tunes exo-router through exod's environment: `EXO_ROUTER_*` settings reach the
/// router exod starts, and a bad one stops exod at start with a message naming it.
@Suite(.serialized)
struct RouterSettingsScenarioTests {
    @Test func readAndSendTimeoutsSetForExodApplyToTheRouterItStarts() throws {
        // While a request is in flight the router's one deadline is the longer of read and send.
        let platform = try ScenarioPlatform(extraEnvironment: ["EXO_ROUTER_READ_TIMEOUT": "1.5",
                                                               "EXO_ROUTER_SEND_TIMEOUT": "1.5"])
        defer { platform.stop() }
        let rita = try platform.user("rita")
        try rita.signUp()
        _ = try rita.deploy(fixture: "router-app", as: "slow")

        // The app answers after 4 s; the router gives up after the configured 1.5 s, not the default 55 s.
        let started = Date()
        let response = try platform.get(host: platform.host(app: "slow"), path: "/slow?ms=4000")
        let waited = Date().timeIntervalSince(started)
        #expect(response.status == 504, "\(response.status): \(response.text)")
        #expect(waited >= 1.4 && waited < 3.5, "answered after \(waited) s")
        // A quick request is still answered.
        #expect(try platform.get(host: platform.host(app: "slow"), path: "/whoami").status == 200)
    }

    @Test(arguments: [("EXO_ROUTER_READ_TIMEOUT", "soon"), ("EXO_ROUTER_READ_TIMOUT", "5"), ("EXO_RUNTIME", "/nonexistent/runc"),
                      ("EXO_RUNTIME", "/usr/sbin")])
    func aBadSettingStopsExodAtStartNamingTheVariable(_ name: String, _ value: String) throws {
        let root = try TemporaryDirectory.make(prefix: "exo-router-settings-")
        defer { try? Files.remove(root) }
        var environment = Command.defaultEnvironment
        environment["EXO_DATA_DIR"] = root + "/data"
        environment["EXO_API_ADDR"] = "127.0.0.1:\(FreePort.next())"
        environment["EXO_ROUTER_ADDR"] = "127.0.0.1:\(FreePort.next())"
        environment[name] = value
        let result = try Command.runCapturing([ProductsDirectory.executable("exod")], environment: environment)
        let stderr = String(decoding: result.stderr, as: UTF8.self)
        #expect(!result.status.isSuccess)
        #expect(stderr.contains(name + ":"), "\(stderr)")
        #expect(!stderr.contains("router listening") && !stderr.contains("API and git listening"), "nothing starts: \(stderr)")
    }
}
