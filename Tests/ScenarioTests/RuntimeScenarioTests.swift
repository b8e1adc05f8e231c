import ExoSystem
import Foundation
import Testing

/// What a deployed app gets: dependencies from requirements.txt, the spec's environment,
/// a read-only stack, a fresh writable copy of its image, and its scale.
@Suite(.serialized)
struct RuntimeScenarioTests {
    @Test func flaskAppWithRequirementsIsInstalledByPipAndServed() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("flaskapp", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.example("python-flask"), named: "flask")
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "flaskapp"), in: source))

        let push = try ann.exoapp("flaskapp", "push", "--deploy", in: source)
        #expect(push.status == 0, "\(push)")
        #expect(push.stderr.contains("flask") || push.stdout.contains("flask"), "\(push)")
        let response = try platform.get(host: platform.host(app: "flaskapp"))
        #expect(response.status == 200, "\(platform.log)")
        #expect(response.text == "Hello from Flask on exo!\n")
    }

    @Test func containerGetsTheSpecEnvironmentAndAReadOnlyStack() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("probe", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("Scenario/envapp"), named: "probe")
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "probe"), in: source))
        try ann.expectOK(ann.exoapp("probe", "push", in: source))
        let deploy = try ann.exoapp("probe", "deploy", "--containers", "2", "--memory", "256MB")
        #expect(deploy.status == 0, "\(deploy)")

        let response = try platform.get(host: platform.host(app: "probe"),
                                        headers: [("X-Forwarded-For", "203.0.113.7")])
        #expect(response.status == 200, "\(platform.log)")
        let probe = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        let env = try #require(probe["env"] as? [String: String])
        let sha = try ann.git("rev-parse", "HEAD", in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(env["DEP_VERSION"] == sha)
        #expect(env["DEP_NAME"] == "probe/default")
        #expect(env["DEP_ID"]?.hasPrefix("dep") == true)
        #expect(env["DOMAIN"] == "app.localhost")
        #expect(env["PAAS_VENDOR"] != nil)
        #expect(env["HOME"] == "/srv")
        #expect(env["TMPDIR"] == "/tmp")
        #expect(env["CRED_FILE"] == "/srv/creds/creds.json")
        #expect(Int(env["PORT"] ?? "") != nil)
        // Nothing of exod's own environment leaks in.
        #expect(env["EXO_DATA_DIR"] == nil)
        #expect(env["EXO_INTERNAL_TOKEN"] == nil)
        // No add-ons yet: the credentials file is an empty JSON object.
        let creds = try #require(probe["creds"] as? String)
        #expect((try JSONSerialization.jsonObject(with: Data(creds.utf8)) as? [String: Any])?.isEmpty == true, "\(creds)")
        #expect(probe["creds_mode"] as? String == "0o400")
        #expect((probe["uid"] as? Int ?? 0) != 0)
        #expect((probe["write_root"] as? String)?.hasPrefix("denied") == true)
        #expect((probe["write_usr"] as? String)?.hasPrefix("denied") == true)
        #expect(probe["write_app"] as? String == "writable")
        #expect(probe["write_tmp"] as? String == "writable")
        #expect(probe["write_home"] as? String == "writable")
        let headers = try #require(probe["headers"] as? [String: String])
        #expect(headers["X-Forwarded-For"] == "203.0.113.7, 127.0.0.1")

        let details = try ann.exoapp("probe/default", "details")
        #expect(details.stdout.contains("containers: 2"), "\(details)")
        #expect(details.stdout.contains("memory: 256MB"), "\(details)")
        // Two containers, two different ports behind the router.
        var ports = Set<String>()
        for _ in 0..<6 {
            let answer = try platform.get(host: platform.host(app: "probe"))
            let object = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
            if let port = (object?["env"] as? [String: String])?["PORT"] { ports.insert(port) }
        }
        #expect(ports.count == 2)
    }

    @Test func deployedAppsComeBackAfterExodRestarts() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        _ = try ann.deploy(example: "python-hello", as: "hello")
        #expect(try first.get(host: first.host(app: "hello")).status == 200)

        // Same data dir and ports, new process.
        let second = try first.restart()
        defer { second.stop() }
        let deadline = Date(timeIntervalSinceNow: 20)
        var status = 0
        while Date() < deadline {
            status = (try? second.get(host: second.host(app: "hello")).status) ?? 0
            if status == 200 { break }
            usleep(200_000)
        }
        #expect(status == 200, "\(second.log)")
        let details = try ann.exoapp("hello/default", "details")
        #expect(details.stdout.contains("current state: deployed"), "\(details)")
    }

    @Test func afterExodIsKilledTheRestartedPlatformServesWithOneRouter() throws {
        let first = try ScenarioPlatform()
        let ann = try first.user("ann")
        try ann.signUp()
        _ = try ann.deploy(example: "python-hello", as: "hello")

        let second = try first.restart(crash: true)
        defer { second.stop() }
        var answers: [Int] = []
        let deadline = Date(timeIntervalSinceNow: 20)
        while Date() < deadline {
            if (try? second.get(host: second.host(app: "hello")).status) == 200 { break }
            usleep(200_000)
        }
        // Every request is answered: no stale router from the killed exod shares the port.
        for _ in 0..<20 { answers.append((try? second.get(host: second.host(app: "hello")).status) ?? 0) }
        #expect(answers.allSatisfy { $0 == 200 }, "\(answers)\n\(second.log)")
        let routers = try Command.runCapturing(["pgrep", "-f", "-c", "exo-router"]).stdout
        #expect(Int(String(decoding: routers, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 >= 1)
        #expect(second.log.contains("left by a previous exod"), "\(second.log)")
    }

    @Test func aVersionThatCannotStartFailsTheDeployAndTheOldOneKeepsServing() throws {
        let platform = try ScenarioPlatform(extraEnvironment: ["EXO_BOOT_TIMEOUT": "5"])
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")

        let fixedPort = FreePort.next()
        let variants = [
            ("exits", "web: python3 -c \"print('boom at start'); raise SystemExit(3)\"\n", "boom at start"),
            ("never listens", "web: python3 -c \"import time; print('sleeping instead'); time.sleep(60)\"\n", "sleeping instead"),
            // Listening, but not on $PORT: the deploy must not count it as up, and says where it listens.
            ("fixed port", "web: python3 -m http.server \(fixedPort)\n", "It listens on port \(fixedPort) instead; it must listen on the port in $PORT."),
        ]
        for (label, procfile, output) in variants {
            try Files.atomicWrite(procfile, to: source + "/Procfile")
            try ann.expectOK(ann.git("commit", "-q", "-am", label, in: source))
            try ann.expectOK(ann.exoapp("hello", "push", in: source))
            let deploy = try ann.exoapp("hello", "deploy")
            #expect(deploy.status == 1, "\(label): \(deploy)")
            #expect(deploy.stderr.contains(output), "\(label): \(deploy)")
            let response = try platform.get(host: platform.host(app: "hello"))
            #expect(response.status == 200, "\(label)")
            #expect(response.text.hasPrefix("Hello from exo!"), "\(label)")
        }
    }
}
