import ExoNet
import ExoSystem
import Foundation
import Glibc
import Testing

/// The logs of a deployed app over the real platform: the app's own output in the error log,
/// deploy events in the deploy log, `?timestamp=` polling, persistence across an exod restart,
/// and `exoapp log` following the deploy log.
@Suite(.serialized)
struct LogScenarioTests {
    @Test func appOutputAndDeployEventsReachTheLogsAndTheCLIFollowsThem() throws {
        var platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")
        let sha = try ann.git("rev-parse", "HEAD", in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/first").status == 200)

        let api = try LogAPI(platform: platform, user: ann)
        // python's http.server logs every request on stderr.
        let first = try api.waitFor("error") { $0["message"]?.contains("\"GET /first HTTP/1.1\" 200") == true }
        #expect(first["type"] == "stderr")
        let deployed = try api.waitFor("deploy") { $0["message"] == "Deployed version: \(sha)" }
        #expect(deployed["level"] == "INFO")
        #expect(deployed["hostname"] == Self.hostname())
        let built = try api.waitFor("deploy") { $0["message"] == "Built version \(sha)" }
        #expect(built["level"] == "INFO")

        // Polling: nothing newer than the last entry, then just the new line (both pycclib timestamp forms).
        let errors = try api.entries("error")
        let last = try #require(errors.last?["time"])
        #expect(try api.entries("error", timestamp: last).isEmpty)
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/second").status == 200)
        let newer = try api.waitFor("error", timestamp: last) { $0["message"]?.contains("GET /second") == true }
        #expect(newer["message"]?.contains("GET /first") == false)
        let wholeSeconds = String(last.split(separator: ".")[0])
        #expect(try api.entries("error", timestamp: wholeSeconds).contains { $0["message"]?.contains("GET /second") == true })

        #expect(try api.status("/app/hello/deployment/default/log/bogus/") == 400)
        #expect(try api.status("/app/hello/deployment/nope/log/error/") == 410)
        #expect(try api.status("/app/hello/deployment/default/log/error/?timestamp=yesterday") == 400)

        // The CLI prints the backlog in cctrl's format and keeps following until killed.
        let followed = try follow(ann, ["hello", "log", "deploy"], until: "Deployed version: \(sha)")
        #expect(followed.contains("] \(Self.hostname()) INFO Deployed version: \(sha)"), "\(followed)")

        // The logs outlive exod: after a restart the old entries are still there.
        platform = try platform.restart()
        let restarted = try LogAPI(platform: platform, user: ann)
        #expect(try restarted.entries("error").contains { $0["message"]?.contains("GET /first") == true })
    }

    @Test func longLinesAreSplitNotCutFloodsAreLimitedAndAnUnterminatedLastLineAndTheCrashAreKept() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("chatty", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("ExoLogs/chatty"), named: "chatty")
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "chatty"), in: source))
        try ann.expectOK(ann.exoapp("chatty", "push", "--deploy", in: source))
        let api = try LogAPI(platform: platform, user: ann, app: "chatty")

        #expect(try platform.get(host: platform.host(app: "chatty"), path: "/long").status == 200)
        _ = try api.waitFor("error") { $0["message"]?.hasSuffix("L!") == true }
        let pieces = try api.entries("error").filter { $0["type"] == "stdout" && $0["message"]?.hasPrefix("L") == true }
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { ($0["message"]?.utf8.count ?? 0) <= 10_000 })
        #expect(pieces.compactMap { $0["message"] }.joined() == String(repeating: "L", count: 24_999) + "!")

        // A flood: the app is not held up; the log keeps at most 200 lines per 5 s and counts the rest.
        let flood = try platform.get(host: platform.host(app: "chatty"), path: "/flood/20000")
        #expect(flood.status == 200)
        #expect((Double(flood.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 99) < 2, "\(flood.text)")
        let note = try api.waitFor("error") { $0["type"] == "exo" && $0["message"]?.hasSuffix("more than 200 in 5 s.") == true }
        let dropped = Int(note["message"]?.split(separator: " ").first ?? "") ?? 0
        let kept = try api.entries("error").filter { $0["message"]?.hasPrefix("flood line ") == true }.count
        #expect(kept <= 200)
        #expect(kept + dropped >= 20_000, "kept \(kept), dropped \(dropped)")

        _ = try? platform.get(host: platform.host(app: "chatty"), path: "/crash")
        let words = try api.waitFor("error") { $0["message"] == "last words without newline" }
        #expect(words["type"] == "stderr")
        let crash = try api.waitFor("error") { $0["type"] == "exo" && $0["message"]?.contains("exited") == true }
        #expect(crash["message"]?.hasPrefix("Container ") == true)
    }

    /// Runs exoapp (which never ends on its own) until its stdout contains `text`, then stops it.
    private func follow(_ user: ScenarioUser, _ arguments: [String], until text: String) throws -> String {
        let follower = try Follower([ProductsDirectory.executable("exoapp")] + arguments, environment: user.environment)
        defer { follower.stop() }
        let output = follower.waitFor(text)
        #expect(follower.isRunning, "exoapp log should keep following")
        return output
    }

    static func hostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        gethostname(&buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// `GET …/log/TYPE/` with the user's API token; entries as text fields (`time` too).
struct LogAPI {
    let platform: ScenarioPlatform
    let app: String
    let token: String

    init(platform: ScenarioPlatform, user: ScenarioUser, app: String = "hello") throws {
        self.platform = platform
        self.app = app
        let basic = "Basic " + Data("\(user.email):\(user.password)".utf8).base64EncodedString()
        let response = try HTTPClient().send(method: "POST", url: platform.apiURL + "/token/", headers: [("Authorization", basic)])
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let token = object?["token"] as? String else { throw ScenarioFailure("no token: \(response.text)") }
        self.token = token
    }

    func status(_ path: String) throws -> Int {
        try HTTPClient().send(method: "GET", url: platform.apiURL + path,
                              headers: [("Authorization", "cc_auth_token=\"\(token)\"")]).status
    }

    func entries(_ type: String, timestamp: String? = nil) throws -> [[String: String]] {
        let query = timestamp.map { "?timestamp=" + $0 } ?? ""
        let response = try HTTPClient().send(method: "GET", url: platform.apiURL + "/app/\(app)/deployment/default/log/\(type)/" + query,
                                             headers: [("Authorization", "cc_auth_token=\"\(token)\"")])
        guard response.status == 200, let list = try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw ScenarioFailure("log \(type): \(response.status) \(response.text)")
        }
        // Times as the client's next ?timestamp=: exact six-digit microseconds.
        return list.map { object in
            var fields = object.mapValues { "\($0)" }
            if let time = object["time"] as? NSNumber {
                let micros = Int64((time.doubleValue * 1_000_000).rounded())
                fields["time"] = "\(micros / 1_000_000)." + String(format: "%06lld", micros % 1_000_000)
            }
            return fields
        }
    }

    /// Polls until an entry matches (the app's output arrives asynchronously), for up to 15 s.
    func waitFor(_ type: String, timestamp: String? = nil, _ matches: ([String: String]) -> Bool) throws -> [String: String] {
        let deadline = Date(timeIntervalSinceNow: 15)
        while Date() < deadline {
            if let entry = try entries(type, timestamp: timestamp).first(where: matches) { return entry }
            usleep(200_000)
        }
        throw ScenarioFailure("no matching \(type) log entry in \(try entries(type, timestamp: timestamp)); exod log:\n\(platform.log)")
    }
}

/// A command that keeps running (log following): its stdout collected on a thread, stopped on request.
final class Follower: Sendable {
    private let child: ChildProcess
    private let output = Locked("")

    init(_ argv: [String], environment: [String: String]) throws {
        child = try ChildProcess.spawn(argv, environment: environment, stdout: .pipe, stderr: .null)
        JoinableThread.detach { [child, output] in
            while let chunk = try? child.readStdout() {
                output.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
            }
        }
    }

    /// Everything printed so far once it contains `text`, or after `timeout` seconds whatever there is.
    func waitFor(_ text: String, timeout: Double = 30) -> String {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !output.get().contains(text), Date() < deadline { usleep(50_000) }
        return output.get()
    }

    var isRunning: Bool { child.poll() == nil }

    func stop() {
        child.signal(SIGTERM)
        _ = child.wait()
    }
}

/// The original cctrl 1.16.1 client reads exo's logs: `log` in its line formats, following with
/// pycclib's own `?timestamp=` encoding, and `rollback`, which finds versions in the deploy log.
@Suite(.serialized)
struct OriginalClientLogScenarioTests {
    @Test func originalClientFollowsLogsAndRollsBackByTheDeployLog() throws {
        let client = try OriginalClient.prepare()
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try OriginalClientUser(client: client, platform: platform, name: "ann")
        try ann.expectOK(ann.cctrluser("create", "--name", ann.name, "--email", ann.email, "--password", ann.password))
        try ann.expectOK(ann.cctrlapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.example("python-hello"))
        let repository = "\(platform.apiURL)/git/hello/repository.git".replacingOccurrences(
            of: "http://", with: "http://\(ann.email.replacingOccurrences(of: "@", with: "%40")):\(ann.password)@")
        try ann.expectOK(ann.run(["git", "push", "-q", repository, "master"], in: source))
        try ann.expectOK(ann.cctrlapp("hello", "deploy"))
        let first = try ann.run(["git", "rev-parse", "HEAD"], in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try ann.expectOK(ann.run(["git", "commit", "-q", "--allow-empty", "-m", "second"], in: source))
        try ann.expectOK(ann.run(["git", "push", "-q", repository, "master"], in: source))
        try ann.expectOK(ann.cctrlapp("hello", "deploy"))
        let second = try ann.run(["git", "rev-parse", "HEAD"], in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // python buffers a pipe; the client prints with print().
        var environment = ann.environment
        environment["PYTHONUNBUFFERED"] = "1"
        let deploy = try Follower([client + "/bin/cctrlapp", "hello", "log", "deploy"], environment: environment)
        let deployed = deploy.waitFor("Deployed version: \(second)")
        deploy.stop()
        #expect(deployed.contains("] \(LogScenarioTests.hostname()) INFO Deployed version: \(first)\n"), "\(deployed)")
        #expect(deployed.contains("] \(LogScenarioTests.hostname()) INFO Deployed version: \(second)\n"), "\(deployed)")

        // Follow the error log: a request made after the first poll arrives through pycclib's timestamp.
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/before").status == 200)
        let errors = try Follower([client + "/bin/cctrlapp", "hello", "log", "error"], environment: environment)
        defer { errors.stop() }
        _ = errors.waitFor("GET /before")
        Thread.sleep(forTimeInterval: 2.5)
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/after").status == 200)
        let followed = errors.waitFor("GET /after")
        #expect(followed.contains("] stderr "), "\(followed)")
        #expect(followed.contains("\"GET /after HTTP/1.1\" 200"), "\(followed)")
        #expect(followed.components(separatedBy: "GET /before").count == 2, "printed once: \(followed)")

        let rollback = try ann.cctrlapp("hello", "rollback")
        #expect(rollback.status == 0, "\(rollback)")
        let details = try ann.cctrlapp("hello/default", "details")
        #expect(details.stdout.contains(" current version: \(first)\n"), "\(details)")
    }
}
