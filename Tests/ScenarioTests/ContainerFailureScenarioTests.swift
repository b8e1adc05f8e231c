import ExoSystem
import Foundation
import Testing

/// A deployment of two containers keeps answering every request while one of them dies: killed
/// from outside, or killed by its cgroup for using more than its memory. Each death is written to
/// the error log and the container is replaced (issue 4's crash handling), from a fresh copy of
/// the image: what the app wrote is gone (the spec's non-persistent filesystem).
@Suite(.serialized)
struct ContainerFailureScenarioTests {
    static let app = "sturdy"

    @Test func aContainerKilledUnderLoadIsReplacedWhileEveryRequestIsAnswered() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let user = try Self.deploy(containers: 2, on: platform)
        let victim = try #require(try Self.runtimeIDs(platform).first)
        let outcome = try Self.underLoad(platform, user, reported: "Container \(victim) exited") {
            _ = try Command.runCapturing(Self.runc(platform) + ["kill", victim, "KILL"])
        }
        #expect(outcome.report["message"]?.hasSuffix("exited (exit status 137)") == true, "128 + SIGKILL: \(outcome.report)")
        #expect(try Self.runtimeIDs(platform).count == 2)
        Self.expectEveryRequestAnswered(outcome.results)
    }

    @Test func aContainerOverItsMemoryLimitIsKilledReportedAndRestarted() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let user = try Self.deploy(containers: 2, on: platform)
        var hog: RawResponse?
        let outcome = try Self.underLoad(platform, user, reported: "was killed: out of memory") {
            // POST: the router never replays it, so exactly one container allocates past 128 MB.
            let connection = try RouterConnection(port: platform.routerPort, timeout: 30)
            defer { connection.close() }
            try connection.send(RouterConnection.request("POST", "/hog", host: platform.host(app: Self.app), body: []))
            hog = try? connection.readResponse(method: "POST")
        }
        #expect(hog.map { $0.status != 200 } ?? true, "the hog survived 4 GB in 128 MB: \(String(describing: hog?.status))")
        #expect(outcome.report["type"] != "stdout", "the platform's report, not the app's output: \(outcome.report)")
        // A container the OOM killer stops while it is writing a response cuts that response (the
        // head was sent, so no proxy can answer it any more), and one thrashing at its limit may
        // answer nothing for a while: at most the one request each loader had there fails, and
        // only then.
        for result in outcome.results {
            let failures = result.answers.filter { $0.hasPrefix("status") || $0.hasPrefix("error") }
            #expect(failures.count <= 1, "\(failures.count) failed of \(result.answers.count): \(Set(failures))")
            #expect(result.answers.suffix(20).allSatisfy { !$0.hasPrefix("status") && !$0.hasPrefix("error") })
        }
    }

    /// Runs `failure` while two keep-alive clients load the deployment, then waits for the error
    /// log entry containing `reported` and for a new container to answer beside the survivor.
    private static func underLoad(_ platform: ScenarioPlatform, _ user: ScenarioUser, reported: String,
                                  _ failure: () throws -> Void) throws -> (report: [String: String], results: [KeepAliveLoad.Result]) {
        let host = platform.host(app: app)
        let before = try containersAnswering(platform, host: host, until: 2)
        let stop = Locked(false)
        let loaders = (0..<2).map { _ in KeepAliveLoad(port: platform.routerPort, host: host, stop: stop, field: "id") }
        usleep(300_000)
        try failure()
        let report = try LogAPI(platform: platform, user: user, app: app).waitFor("error") { $0["message"]?.contains(reported) == true }
        let replaced = eventually(20) {
            let now = (try? containersAnswering(platform, host: host, until: 2)) ?? []
            return Set(now).count == 2 && !Set(now).isSubset(of: Set(before))
        }
        usleep(300_000)
        stop.set(true)
        let results = loaders.map { $0.finish() }
        #expect(replaced, "no replacement answered; before: \(before)\n\(platform.log)")
        return (report, results)
    }

    @Test func whatAContainerWroteIsGoneAfterACrashRestartAndAConfigRestart() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let user = try Self.deploy(containers: 1, on: platform)
        let host = platform.host(app: Self.app)
        let nothing: [String: Bool] = ["app": false, "tmp": false]
        let both: [String: Bool] = ["app": true, "tmp": true]
        #expect(try Self.scribbles(platform, host: host) == nothing)

        #expect(try Self.scribbles(platform, host: host, method: "POST") == both)
        #expect(try Self.scribbles(platform, host: host) == both, "the app reads back what it wrote")
        let victim = try #require(try Self.runtimeIDs(platform).first)
        _ = try Command.runCapturing(Self.runc(platform) + ["kill", victim, "KILL"])
        #expect(eventually(20) { (try? Self.runtimeIDs(platform)).map { $0.count == 1 && $0[0] != victim } == true })
        #expect(eventually(20) { (try? Self.scribbles(platform, host: host)) == nothing }, "after the crash restart")

        #expect(try Self.scribbles(platform, host: host, method: "POST") == both)
        try user.expectOK(user.exoapp(Self.app, "config.add", "RESTART=1"))
        #expect(try Self.scribbles(platform, host: host) == nothing, "after the restart for a config change")
    }

    /// `/scribble` on the app: which of its scribble files exist (after writing them, for POST).
    private static func scribbles(_ platform: ScenarioPlatform, host: String, method: String = "GET") throws -> [String: Bool] {
        let connection = try RouterConnection(port: platform.routerPort)
        defer { connection.close() }
        try connection.send(RouterConnection.request(method, "/scribble", host: host))
        let response = try connection.readResponse(method: method)
        guard response.status == 200 else { throw ScenarioFailure("/scribble: status \(response.status)") }
        return try response.json().compactMapValues { $0 as? Bool }
    }

    /// Signs up, pushes the router fixture app and deploys it with `containers` 128 MB containers.
    private static func deploy(containers: Int, on platform: ScenarioPlatform) throws -> ScenarioUser {
        let user = try platform.user("cora")
        try user.signUp()
        _ = try user.deploy(fixture: "router-app", as: app, containers: containers)
        return user
    }

    private static func expectEveryRequestAnswered(_ results: [KeepAliveLoad.Result]) {
        for result in results {
            #expect(result.answers.count > 20)
            let failures = result.answers.filter { $0.hasPrefix("status") || $0.hasPrefix("error") }
            #expect(failures.isEmpty, "\(failures.count) failed of \(result.answers.count): \(Set(failures))")
            #expect(result.connections == 1, "the router dropped a keep-alive client connection (\(result.connections) used)")
        }
    }

    /// The identities of the containers answering `/whoami`, asked until `count` different ones
    /// have answered (or 40 requests).
    private static func containersAnswering(_ platform: ScenarioPlatform, host: String, until count: Int) throws -> [String] {
        var answers: [String] = []
        while Set(answers).count < count, answers.count < 40 {
            let response = try platform.get(host: host, path: "/whoami")
            let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            answers.append(object?["id"] as? String ?? "status \(response.status)")
        }
        return answers
    }

    private static func runc(_ platform: ScenarioPlatform) -> [String] {
        ["runc", "--root", platform.root + "/data/runc"]
    }

    /// The runtime ids of the platform's containers (only this suite's app runs there).
    private static func runtimeIDs(_ platform: ScenarioPlatform) throws -> [String] {
        String(decoding: try Command.runCapturing(runc(platform) + ["list", "-q"]).stdout, as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }
}
