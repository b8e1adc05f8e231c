import ExoNet
import ExoSystem
import Foundation
import Glibc
import Testing

/// exod can crash at any moment: containers and the router keep serving while it is down, and a
/// restarted exod adopts what matches desired state instead of restarting it.
@Suite(.serialized)
struct RestartScenarioTests {
    /// exod's output going nowhere (a `| tee` that died, a closed terminal) costs its log lines,
    /// never exod: it serves, deploys and still stops the whole platform in order.
    @Test func anExodWhoseOutputNobodyReadsKeepsWorkingAndStopsInOrder() throws {
        let platform = try ScenarioPlatform(outputClosed: true)
        let ann = try platform.user("ann")
        try ann.signUp()
        _ = try ann.deploy(example: "python-hello", as: "hello")
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Hello from exo!"))
        #expect(platform.stop() == .exited(0), "exod ended on a failed log write")
        #expect(eventually(5) { !TCPProbe.accepts(port: platform.routerPort) }, "the router outlived exod")
    }

    @Test func aKilledExodLeavesTheAppServingAndTheRestartAdoptsTheSameContainerWithItsOutput() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        _ = try ann.deploy(fixture: "restartapp", as: "hello")
        let before = try first.answer(app: "hello")

        try first.killExod()
        // exod is gone; the router and the container are not.
        var whileDown: [Answer] = []
        for index in 0..<10 { whileDown.append(try first.answer(app: "hello", path: "/mark/while-down-\(index)")) }
        #expect(whileDown.allSatisfy { $0 == before }, "\(whileDown) vs \(before)")

        let second = try first.restart(crash: true)
        defer { second.stop() }
        // The router serves its last table until the restore is done; look once it is.
        try second.waitForLog("Adopted running container")
        #expect(second.log.contains("adopting exo-router"), "\(second.log)")
        var after: [Answer] = []
        for _ in 0..<10 { after.append(try second.answer(app: "hello")) }
        // Same process (pid and the token it drew at start): adopted, not restarted.
        #expect(after.allSatisfy { $0 == before }, "\(after) vs \(before)\n\(second.log)")

        // What it printed while exod was down reaches the error log.
        let logs = try LogAPI(platform: second, user: ann, app: "hello")
        let deadline = Date(timeIntervalSinceNow: 10)
        var messages: [String] = []
        repeat {
            messages = try logs.entries("error").compactMap { $0["message"] }
            if messages.contains("marker while-down-9") { break }
            usleep(200_000)
        } while Date() < deadline
        for index in 0..<10 { #expect(messages.contains("marker while-down-\(index)"), "\(messages)") }
        // Output delivered by the first exod is not delivered again.
        #expect(messages.filter { $0.hasPrefix("restartapp v1 started") }.count == 1, "\(messages)")

        // The adopted container is no child of this exod: its death is still noticed and it is replaced.
        let id = try second.containerIDs().first ?? ""
        try Command.run(["/usr/sbin/runc", "--root", second.root + "/data/runc", "kill", id, "KILL"])
        let replaced = Date(timeIntervalSinceNow: 15)
        var latest = before
        var gap: [Int] = []
        while latest.token == before.token && Date() < replaced {
            usleep(100_000)
            let response = try second.get(host: second.host(app: "hello"))
            if response.status == 200 { latest = try Answer(response.body) } else { gap.append(response.status) }
        }
        #expect(latest.token != before.token, "\(second.log)")
        // While its only container is down (the restart backs off a second) the deployment is still
        // known: the router's 503 page, never its 404 for an unknown host.
        #expect(gap.contains(503), "statuses while the container was down: \(gap)")
        #expect(!gap.contains(404), "statuses while the container was down: \(gap)")
        #expect(try logs.entries("error").contains { $0["message"]?.hasPrefix("Container \(id) exited") == true })
    }

    @Test func aContainerThatExitsWhileExodIsDownHasItsLastOutputAndItsEndInTheErrorLog() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        _ = try ann.deploy(fixture: "restartapp", as: "hello")
        let before = try first.answer(app: "hello")

        try first.killExod()
        _ = try first.answer(app: "hello", path: "/mark/last-words")
        let id = try #require(try first.containerIDs().first)
        try Command.run(["/usr/sbin/runc", "--root", first.root + "/data/runc", "kill", id, "KILL"])
        // Its shim records the end; nobody reads it until the next exod.
        let recorded = Date(timeIntervalSinceNow: 10)
        while !Files.exists(first.root + "/data/containers/\(id)/run/exit-status") && Date() < recorded { usleep(50_000) }

        let second = try first.restart(crash: true)
        defer { second.stop() }
        let logs = try LogAPI(platform: second, user: ann, app: "hello")
        let deadline = Date(timeIntervalSinceNow: 20)
        var messages: [String] = []
        repeat {
            messages = try logs.entries("error").compactMap { $0["message"] }
            if messages.contains(where: { $0.hasPrefix("Container \(id) ") }) { break }
            usleep(200_000)
        } while Date() < deadline
        #expect(messages.contains("marker last-words"), "\(messages)\n\(second.log)")
        #expect(messages.contains("Container \(id) exited (exit status 137) while exod was down"), "\(messages)")
        #expect(messages.filter { $0 == "marker last-words" }.count == 1, "\(messages)")
        // The deployment comes back with a new container.
        let replaced = Date(timeIntervalSinceNow: 20)
        var latest: Answer?
        while Date() < replaced {
            latest = try? second.answer(app: "hello")
            if let latest, latest.token != before.token { break }
            usleep(200_000)
        }
        #expect(latest.map { $0.token != before.token } == true, "\(second.log)")
    }

    @Test func sigquitEndsExodAloneAndTheNextOneAdoptsEverything() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        _ = try ann.deploy(fixture: "restartapp", as: "hello")
        try ann.expectOK(ann.exoapp("hello", "alias.add", "www.hello.example"))
        let before = try first.answer(app: "hello")

        try first.killExod(signal: SIGQUIT)
        try first.waitForLog("keep running for the next exod")
        #expect(try first.answer(app: "hello") == before)
        let second = try first.restart(crash: true)
        defer { second.stop() }
        try second.waitForLog("Adopted running container")
        #expect(second.log.contains("adopting exo-router"), "\(second.log)")
        #expect(try second.answer(app: "hello") == before)
        // The alias is the new exod's too, not only in the table the router kept: a table the new
        // exod publishes (for a second alias) still routes the first.
        try ann.expectOK(ann.exoapp("hello", "alias.add", "api.hello.example"))
        for alias in ["www.hello.example", "api.hello.example"] {
            let response = try second.get(host: alias)
            #expect(response.status == 200, "\(alias): \(response.status)\n\(second.log)")
            #expect(try Answer(response.body) == before, "\(alias)")
        }
    }

    @Test func exodKilledDuringADeployComesBackWithOneVersionServingAndDeploysAgain() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        let source = try ann.deploy(fixture: "restartapp", as: "hello")
        let v1 = try first.answer(app: "hello")
        #expect(v1.version == "v1")

        // v2 boots slowly: the deploy is still waiting for it when exod dies.
        try Files.atomicWrite("v2\n", to: source + "/version.txt")
        try Files.atomicWrite("6\n", to: source + "/boot-delay")
        try ann.expectOK(ann.git("add", "-A", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "v2", in: source))
        try ann.expectOK(ann.exoapp("hello", "push", in: source))

        let load = RouterLoad(platform: first, app: "hello")
        let deploy = JoinableThread { _ = try? ann.exoapp("hello", "deploy") }
        try first.waitForContainers(2)
        try first.killExod()
        deploy.join()
        usleep(500_000)
        let second = try first.restart(crash: true)
        defer { second.stop() }
        // The half-started v2 is stopped once the restore is done (drain, then SIGTERM).
        try second.waitForContainers(1, seconds: 20)
        usleep(500_000)
        let answers = load.stop()

        #expect(answers.count > 20)
        print("kill -9 during a deploy: \(answers.count) requests through the router across the kill and the restart, "
              + "\(answers.filter { $0.status != 200 }.count) failed")
        let failures = answers.filter { $0.status != 200 }
        #expect(failures.isEmpty, "\(failures.count) of \(answers.count) failed: \(failures.prefix(5))\n\(second.log)")
        let versions = Set(answers.compactMap(\.answer?.version))
        #expect(versions.count == 1, "versions seen: \(versions)")
        // The store's desired version was still v1: its container is adopted, not restarted,
        // and the half-started v2 is stopped with a word in exod's log.
        #expect(Set(answers.compactMap(\.answer?.token)) == [v1.token], "\(second.log)")
        #expect(second.log.contains("left by the previous exod"), "\(second.log)")
        #expect(try second.answer(app: "hello") == v1)

        // Deploying works again, and now v2 serves.
        let redeploy = try ann.exoapp("hello", "deploy")
        #expect(redeploy.status == 0, "\(redeploy)\n\(second.log)")
        #expect(try second.answer(app: "hello").version == "v2")
        try second.waitForContainers(1, seconds: 20)
    }
}

/// What restartapp answers: which process (pid + token drawn at start) of which version.
struct Answer: Equatable, Sendable, CustomStringConvertible {
    var pid: Int
    var token: String
    var version: String
    var description: String { "\(version)/\(pid)/\(token.prefix(8))" }

    init(_ body: [UInt8]) throws {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any],
              let pid = object["pid"] as? Int, let token = object["token"] as? String,
              let version = object["version"] as? String else {
            throw ScenarioFailure("not a restartapp answer: \(String(decoding: body, as: UTF8.self))")
        }
        self.pid = pid
        self.token = token
        self.version = version
    }
}

/// One client sending requests through the router, each on a new connection, until stopped.
final class RouterLoad: Sendable {
    struct Result: Sendable, CustomStringConvertible {
        var status: Int
        var answer: Answer?
        var description: String { answer.map(\.description) ?? "status \(status)" }
    }

    private let done = Locked(false)
    private let results = Locked<[Result]>([])
    private let thread: JoinableThread

    init(platform: ScenarioPlatform, app: String) {
        let host = platform.host(app: app)
        let url = "http://127.0.0.1:\(platform.routerPort)/"
        let (done, results) = (done, results)
        thread = JoinableThread {
            let client = HTTPClient(timeout: 10)
            while !done.get() {
                let result: Result
                if let response = try? client.send(method: "GET", url: url, headers: [("Host", host), ("Connection", "close")]) {
                    result = Result(status: response.status, answer: try? Answer(response.body))
                } else {
                    result = Result(status: 0, answer: nil)
                }
                results.withLock { $0.append(result) }
                usleep(20_000)
            }
        }
    }

    func stop() -> [Result] {
        done.set(true)
        thread.join()
        return results.get()
    }
}

extension ScenarioPlatform {
    /// A request through the router, decoded as restartapp's answer.
    func answer(app: String, path: String = "/") throws -> Answer {
        let response = try get(host: host(app: app), path: path)
        guard response.status == 200 else { throw ScenarioFailure("status \(response.status): \(response.text)\n\(log)") }
        return try Answer(response.body)
    }

    /// SIGKILL (or `signal`) to this platform's exod, found by its data dir (the process handle is
    /// private to ScenarioPlatform); `restart(crash: true)` then only starts the new one.
    func killExod(signal: Int32 = SIGKILL) throws {
        let marker = "EXO_DATA_DIR=\(root)/data"
        let exod = ProductsDirectory.executable("exod")
        for entry in try Files.listDirectory("/proc") {
            guard let pid = Int32(entry), (try? Files.readLink("/proc/\(entry)/exe")) == exod,
                  let environ = try? Files.read("/proc/\(entry)/environ") else { continue }
            if environ.split(separator: 0).contains(where: { String(decoding: $0, as: UTF8.self) == marker }) {
                kill(pid, signal)
                return
            }
        }
        throw ScenarioFailure("no exod runs on \(root)/data")
    }

    /// Waits until exod's log contains `text`.
    func waitForLog(_ text: String, seconds: Double = 15) throws {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !log.contains(text) {
            guard Date() < deadline else { throw ScenarioFailure("no \"\(text)\" in exod's log:\n\(log)") }
            usleep(100_000)
        }
    }

    /// The ids of the containers runc knows for this platform.
    func containerIDs() throws -> [String] {
        try Command.run(["/usr/sbin/runc", "--root", root + "/data/runc", "list", "-q"]).stdout.split(separator: "\n").map(String.init)
    }

    /// Waits until runc knows exactly `count` containers of this platform.
    func waitForContainers(_ count: Int, seconds: Double = 20) throws {
        let deadline = Date(timeIntervalSinceNow: seconds)
        var listed: [String] = []
        while Date() < deadline {
            listed = (try? containerIDs()) ?? []
            if listed.count == count { return }
            usleep(100_000)
        }
        throw ScenarioFailure("expected \(count) containers, runc lists: \(listed)\n\(log)")
    }
}
