import ExoSystem
import Foundation
import Testing

/// Container idling over the real platform (spec "Container Idling"), with the idle period cut
/// to 3 s: a quiet one-container deployment stops and shows `current state: idle`; the next
/// request is held by the router, the container starts, and the app answers it.
@Suite(.serialized)
struct IdleScenarioTests {
    static let idleAfter = ["EXO_IDLE_AFTER": "3"]

    func deploy(_ app: String, as user: ScenarioUser, platform: ScenarioPlatform, extra: [String] = []) throws {
        try user.expectOK(user.exoapp(app, "create", "python"))
        let source = try user.checkout(of: ProductsDirectory.example("python-hello"), named: app)
        try user.expectOK(user.git("remote", "add", "exo", try user.repositoryURL(of: app), in: source))
        try user.expectOK(user.exoapp(app, "push", in: source))
        let deploy = try user.run([ProductsDirectory.executable("exoapp"), app, "deploy"] + extra, in: nil)
        #expect(deploy.status == 0, "\(deploy)")
    }

    func state(_ app: String, of user: ScenarioUser) throws -> String {
        let details = try user.exoapp(app + "/default", "details").stdout
        return details.split(separator: "\n").first { $0.contains("current state:") }
            .map { $0.replacingOccurrences(of: "current state:", with: "").trimmingCharacters(in: .whitespaces) } ?? details
    }

    func runningContainers(_ platform: ScenarioPlatform) throws -> [String] {
        let list = try Command.run(["runc", "--root", platform.root + "/data/runc", "list", "--quiet"]).stdout
        return list.split(separator: "\n").map(String.init)
    }

    func waitFor(_ timeout: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if try condition() { return true }
            usleep(200_000)
        }
        return try condition()
    }

    @Test func quietDeploymentIdlesAndTheNextRequestWakesIt() throws {
        let platform = try ScenarioPlatform(extraEnvironment: Self.idleAfter)
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try deploy("hello", as: ann, platform: platform)
        #expect(try platform.get(host: platform.host(app: "hello")).status == 200)

        #expect(try waitFor(15) { try state("hello", of: ann) == "idle" }, "\(platform.log)")
        #expect(try waitFor(5) { try runningContainers(platform).isEmpty })

        let started = Date()
        let woken = try platform.get(host: platform.host(app: "hello"), path: "/woken")
        let wakeLatency = Date().timeIntervalSince(started)
        #expect(woken.status == 200, "\(platform.log)")
        #expect(woken.text.hasPrefix("Hello from exo!"), "\(woken.text)")
        #expect(try state("hello", of: ann) == "deployed")
        #expect(try runningContainers(platform).count == 1)

        let normalStarted = Date()
        #expect(try platform.get(host: platform.host(app: "hello")).status == 200)
        let normalLatency = Date().timeIntervalSince(normalStarted)
        let exodWake = platform.log.split(separator: "\n").first { $0.contains("woken in") }.map(String.init) ?? "-"
        print("idle scenario: wake-from-idle request \(Int(wakeLatency * 1000)) ms, normal request \(Int(normalLatency * 1000)) ms (\(exodWake))")

        // Requests keep it awake: one every second for longer than the idle period.
        for _ in 0..<5 {
            #expect(try platform.get(host: platform.host(app: "hello")).status == 200)
            sleep(1)
        }
        #expect(try state("hello", of: ann) == "deployed")
    }

    @Test func scaledDeploymentNeverIdles() throws {
        let platform = try ScenarioPlatform(extraEnvironment: Self.idleAfter)
        defer { platform.stop() }
        let bob = try platform.user("bob")
        try bob.signUp()
        try deploy("busy", as: bob, platform: platform, extra: ["--containers", "2"])
        try deploy("big", as: bob, platform: platform, extra: ["--memory", "256MB"])
        sleep(8)
        #expect(try state("busy", of: bob) == "deployed")
        #expect(try state("big", of: bob) == "deployed")
        #expect(try runningContainers(platform).count == 3, "\(platform.log)")
    }

    @Test func idleDeploymentStaysIdleOverARestartAndStillWakes() throws {
        var platform = try ScenarioPlatform(extraEnvironment: Self.idleAfter)
        defer { platform.stop() }
        let cid = try platform.user("cid")
        try cid.signUp()
        try deploy("nap", as: cid, platform: platform)
        #expect(try waitFor(15) { try state("nap", of: cid) == "idle" }, "\(platform.log)")
        platform = try platform.restart()
        #expect(try runningContainers(platform).isEmpty)
        #expect(try state("nap", of: cid) == "idle")
        let response = try platform.get(host: platform.host(app: "nap"))
        #expect(response.status == 200, "\(platform.log)")
        #expect(try state("nap", of: cid) == "deployed")
    }
}
