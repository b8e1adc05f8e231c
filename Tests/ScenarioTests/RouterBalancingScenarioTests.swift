import ExoSystem
import Foundation
import Testing

/// Load balancing, health checking and route switching through the real router, on the
/// 3-container `default` and the 2-container `dev` deployment of the router app.
extension RouterScenarioTests {
    @Test func roundRobinSpreadsRequestsEvenlyOverTheThreeContainers() throws {
        let app = try RouterDeployment.require()
        var order: [String] = []
        for _ in 0..<30 {
            let answer = try app.json("/whoami")
            #expect(answer.status == 200)
            order.append(answer.body["id"] as? String ?? "?")
        }
        let counts = Dictionary(order.map { ($0, 1) }, uniquingKeysWith: +)
        #expect(counts.count == 3, "\(counts)")
        #expect(counts.values.allSatisfy { $0 == 10 }, "\(counts)")
        // Round-robin, not merely even: any three consecutive requests reach all three.
        for start in 0..<(order.count - 2) {
            #expect(Set(order[start..<start + 3]).count == 3, "\(order)")
        }
    }

    @Test(arguments: [500, 503])
    func answering500Or503KeepsTheContainerInRotation(status: Int) throws {
        let app = try RouterDeployment.require()
        let failed = try app.json("/status?code=\(status)")
        #expect(failed.status == status)
        let culprit = try #require(failed.body["id"] as? String)
        var later: [String] = []
        for _ in 0..<6 { later.append(try app.json("/whoami").body["id"] as? String ?? "?") }
        #expect(later.filter { $0 == culprit }.count == 2, "\(culprit) after its \(status): \(later)")
    }

    @Test func failingContainerIsTakenOutAfterItsFirstFailureProbedWithTheHealthCheckAndPutBackWhenItRecovers() throws {
        let app = try RouterDeployment.require()
        let spell = 5.0
        let started = try app.json("/fail?seconds=\(spell)")
        let failingAt = Date()
        let culprit = try #require(started.body["id"] as? String)

        // While it fails: one 502 (the request that discovered it), then only the other two answer.
        var statuses: [Int] = [], answeredBy: [String] = []
        while Date().timeIntervalSince(failingAt) < spell - 1.5 {
            let answer = try app.json("/whoami")
            statuses.append(answer.status)
            answeredBy.append(answer.body["id"] as? String ?? "?")
            usleep(10_000)
        }
        #expect(statuses.filter { $0 == 502 }.count == 1, "502s: \(statuses.filter { $0 == 502 }.count) of \(statuses.count)")
        #expect(statuses.allSatisfy { $0 == 200 || $0 == 502 }, "\(Set(statuses))")
        let healthyAnswers = zip(statuses, answeredBy).filter { $0.0 == 200 }.map(\.1)
        #expect(!healthyAnswers.contains(culprit), "the ejected container still got \(healthyAnswers.filter { $0 == culprit }.count) requests")
        #expect(Set(healthyAnswers).count == 2, "\(Set(healthyAnswers))")

        // Once its spell is over, a passing /CloudHealthCheck puts it back.
        var recoveredAfter: Double?
        while recoveredAfter == nil, Date().timeIntervalSince(failingAt) < spell + 8 {
            let answer = try app.json("/whoami")
            #expect(answer.status == 200)
            if answer.body["id"] as? String == culprit {
                recoveredAfter = Date().timeIntervalSince(failingAt) - spell
                #expect(answer.body["health_agents"] as? [String] == ["cloudControl-HealthCheck"], "\(answer.body)")
                // Probed (and kept out) during the spell, probed again after it.
                #expect((answer.body["health_failed"] as? Int ?? 0) >= 1, "\(answer.body)")
                #expect((answer.body["health_checks"] as? Int ?? 0) > (answer.body["health_failed"] as? Int ?? 0), "\(answer.body)")
            }
            usleep(50_000)
        }
        let recovery = try #require(recoveredAfter, "the container never got traffic again")
        print("router scenario: ejected container back in rotation \(String(format: "%.2f", recovery)) s after it recovered")
        #expect(recovery < 3, "back only \(recovery) s after recovering (probe interval 1 s)")
        var all: Set<String> = []
        for _ in 0..<6 { all.insert(try app.json("/whoami").body["id"] as? String ?? "?") }
        #expect(all.count == 3, "\(all)")
    }

    @Test func whenEveryContainerFailsTheDeploymentIsStillServedAndRecoversWithoutAGap() throws {
        let app = try RouterDeployment.require()
        let spell = 2.5
        // Round-robin over dev's two containers: two /fail requests reach both.
        let first = try app.json("/fail?seconds=\(spell)", host: app.devHost)
        let second = try app.json("/fail?seconds=\(spell)", host: app.devHost)
        let failingAt = Date()
        #expect(Set([first.body["id"] as? String, second.body["id"] as? String].compactMap { $0 }).count == 2)

        // All ejected: the router keeps sending to them (the app's own 502), never its 503 page.
        var during: [String] = []
        while Date().timeIntervalSince(failingAt) < spell - 0.5 {
            let answer = try app.json("/whoami", host: app.devHost)
            during.append(answer.body["failing"] as? Bool == true ? "app \(answer.status)" : "\(answer.status) \(answer.body)")
            usleep(50_000)
        }
        #expect(!during.isEmpty && during.allSatisfy { $0 == "app 502" }, "\(Set(during))")

        usleep(UInt32(max(0, spell - Date().timeIntervalSince(failingAt) + 0.2) * 1_000_000))
        var after: [Int] = []
        let deadline = Date(timeIntervalSinceNow: 3)
        while Date() < deadline, after.suffix(4) != [200, 200, 200, 200] {
            after.append(try app.json("/whoami", host: app.devHost).status)
            usleep(50_000)
        }
        #expect(after.suffix(4) == [200, 200, 200, 200], "after the spell: \(after)")

        // Both are probed back in (a passing /CloudHealthCheck each), so that no ejection
        // outlives this test: a new container next to two ejected ones would get all traffic.
        var probedBack: Set<String> = []
        let probeDeadline = Date(timeIntervalSinceNow: 5)
        while probedBack.count < 2, Date() < probeDeadline {
            let body = try app.json("/whoami", host: app.devHost).body
            if let id = body["id"] as? String, (body["health_checks"] as? Int ?? 0) > (body["health_failed"] as? Int ?? 0) {
                probedBack.insert(id)
            }
            usleep(100_000)
        }
        #expect(probedBack.count == 2, "containers that passed a health check after the spell: \(probedBack)")
    }

    @Test func routeSwitchUnderLoadKeepsKeepAliveClientsAnswersEveryRequestAndLetsInFlightOnesFinish() throws {
        let app = try RouterDeployment.require()
        let user = app.user
        try Files.atomicWrite("v2\n", to: app.source + "/version.txt")
        try user.expectOK(user.git("commit", "-q", "-am", "v2", in: app.source))
        try user.expectOK(user.exoapp(RouterDeployment.app + "/dev", "push", in: app.source))
        #expect(try app.json("/whoami", host: app.devHost).body["version"] as? String == "v1")

        // Two clients, each on one keep-alive connection for the whole deploy, plus one slow
        // request that is in flight when the route switches.
        let stop = Locked(false)
        let loaders = (0..<2).map { _ in KeepAliveLoad(port: app.port, host: app.devHost, stop: stop) }
        usleep(300_000)
        let slow = Locked<String>("not answered")
        let slowThread = JoinableThread {
            slow.set(Self.answer(port: app.port, host: app.devHost, path: "/slow?ms=3000"))
        }
        usleep(100_000)
        let deploy = try user.exoapp(RouterDeployment.app + "/dev", "deploy")
        usleep(1_500_000)
        stop.set(true)
        let results = loaders.map { $0.finish() }
        slowThread.join()

        #expect(deploy.status == 0, "\(deploy)")
        for result in results {
            #expect(result.answers.count > 10)
            let failures = result.answers.filter { $0 != "v1" && $0 != "v2" }
            #expect(failures.isEmpty, "\(failures.count) failed of \(result.answers.count): \(Set(failures))")
            #expect(result.connections == 1, "the router dropped a keep-alive client connection (\(result.connections) used)")
            if let firstNew = result.answers.firstIndex(of: "v2") {
                #expect(!result.answers[firstNew...].contains("v1"), "v1 answered after v2")
            } else {
                Issue.record("v2 never answered")
            }
        }
        #expect(slow.get() == "v1", "the in-flight request: \(slow.get())")
        for _ in 0..<4 { #expect(try app.json("/whoami", host: app.devHost).body["version"] as? String == "v2") }
    }

    @Test func scalingUpAndDownUnderLoadAnswersEveryRequestOnTheSameKeepAliveConnections() throws {
        let app = try RouterDeployment.require()
        let user = app.user
        let stop = Locked(false)
        let loaders = (0..<2).map { _ in KeepAliveLoad(port: app.port, host: app.devHost, stop: stop, field: "id") }
        usleep(300_000)
        let up = try user.exoapp(RouterDeployment.app + "/dev", "deploy", "--containers", "3")
        // The loaders share the round-robin turn with these requests, so a few of them can keep
        // landing on the same container (each one arriving after the same number of loader
        // requests); asking until every container has answered, within a bound, avoids that.
        let afterUp = try Self.containersAnswering(app, until: 3)
        let down = try user.exoapp(RouterDeployment.app + "/dev", "deploy", "--containers", "2")
        let afterDown = try Self.containersAnswering(app, until: 2) + Self.containersAnswering(app, until: 3, atMost: 12)
        usleep(500_000)
        stop.set(true)
        let results = loaders.map { $0.finish() }

        #expect(up.status == 0, "\(up)")
        #expect(down.status == 0, "\(down)")
        #expect(Set(afterUp).count == 3, "after scaling to 3: \(afterUp)\n\(Self.exodLines(app, containing: "dev"))")
        #expect(Set(afterDown).count == 2, "after scaling to 2: \(afterDown)")
        #expect(Set(afterDown).isSubset(of: Set(afterUp)), "scaling down restarted a container that stays: \(afterDown) vs \(afterUp)")
        for result in results {
            #expect(result.answers.count > 10)
            let failures = result.answers.filter { $0.hasPrefix("status") || $0.hasPrefix("error") }
            #expect(failures.isEmpty, "\(failures.count) failed of \(result.answers.count): \(Set(failures))")
            #expect(result.connections == 1, "the router dropped a keep-alive client connection (\(result.connections) used)")
        }
    }

    /// The containers (`id@port`) answering `/whoami` on the dev deployment, asked one request
    /// at a time until `count` different ones have answered or `atMost` requests were made.
    static func containersAnswering(_ app: RouterDeployment, until count: Int, atMost: Int = 40) throws -> [String] {
        var answers: [String] = []
        while Set(answers).count < count, answers.count < atMost {
            let body = try app.json("/whoami", host: app.devHost).body
            answers.append("\(body["id"] as? String ?? "?")@\(body["port"] as? String ?? "?")")
        }
        return answers
    }

    /// exod's log lines about a deployment, for a failure message.
    static func exodLines(_ app: RouterDeployment, containing text: String) -> String {
        app.platform.log.split(separator: "\n").filter { $0.contains(text) }.suffix(30).joined(separator: "\n")
    }

    /// One request on a new connection: the version, or what went wrong.
    static func answer(port: Int, host: String, path: String) -> String {
        do {
            let connection = try RouterConnection(port: port)
            defer { connection.close() }
            try connection.send(RouterConnection.request("GET", path, host: host))
            let response = try connection.readResponse()
            guard response.status == 200 else { return "status \(response.status)" }
            return try response.json()["version"] as? String ?? "no version"
        } catch {
            return "error: \(error)"
        }
    }
}
