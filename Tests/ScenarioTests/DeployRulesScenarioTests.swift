import ExoNet
import ExoSystem
import Foundation
import Testing

/// What "deploy" means when pushes race, deploys fail, containers crash or deployments are undeployed.
@Suite(.serialized)
struct DeployRulesScenarioTests {
    @Test func afterAFailedDeployACrashBringsBackTheServingVersionNotTheFailedOne() throws {
        let platform = try ScenarioPlatform(extraEnvironment: ["EXO_BOOT_TIMEOUT": "5"])
        defer { platform.stop() }
        let (ann, source) = try Self.deployedHello(on: platform)
        try Files.atomicWrite("web: python3 -c \"raise SystemExit(4)\"\n", to: source + "/Procfile")
        try ann.expectOK(ann.git("commit", "-q", "-am", "broken", in: source))
        try ann.expectOK(ann.exoapp("hello", "push", in: source))
        #expect(try ann.exoapp("hello", "deploy").status == 1)

        // The deploy log tells why, at level ERROR, without a "Deployed version" line for rollback to take.
        let follower = try Follower([ProductsDirectory.executable("exoapp"), "hello", "log", "deploy"], environment: ann.environment)
        let shown = follower.waitFor("before listening on $PORT")
        follower.stop()
        #expect(shown.contains(" ERROR Deploying version "), "\(shown)")
        #expect(shown.contains(" failed: The web process exited ("), "\(shown)")
        #expect(shown.components(separatedBy: "Deployed version").count == 2, "only v1's line: \(shown)")

        // Kill the one running container; the platform restarts the version that was serving.
        let runc = ["runc", "--root", platform.root + "/data/runc"]
        let ids = String(decoding: try Command.runCapturing(runc + ["list", "-q"]).stdout, as: UTF8.self)
            .split(separator: "\n").map(String.init)
        #expect(ids.count == 1, "\(ids)")
        for id in ids { _ = try Command.runCapturing(runc + ["kill", id, "KILL"]) }
        #expect(eventually(20) { (try? platform.get(host: platform.host(app: "hello")).text.hasPrefix("Hello from exo!")) == true },
                "\(platform.log)")
    }

    /// SIGTERM stops the platform, containers included: also the ones a deploy under way has
    /// started and is still waiting for (`stop()` checks that no container outlives exod).
    @Test func stoppingExodDuringADeployLeavesNoContainerOfThatDeployRunning() throws {
        let platform = try ScenarioPlatform()
        let (ann, source) = try Self.deployedHello(on: platform)
        try Files.atomicWrite("web: python3 -c \"import time; time.sleep(600)\"\n", to: source + "/Procfile")
        try ann.expectOK(ann.git("commit", "-q", "-am", "never listens", in: source))
        try ann.expectOK(ann.exoapp("hello", "push", in: source))
        let deploy = try ChildProcess.spawn([ProductsDirectory.executable("exoapp"), "hello", "deploy", "--containers", "2"],
                                            environment: ann.environment, stdout: .null, stderr: .null)
        let runc = ["runc", "--root", platform.root + "/data/runc"]
        let booting = eventually(20) {
            ((try? Command.runCapturing(runc + ["list", "-q"]).stdout)?.split(separator: 10).count ?? 0) == 3
        }
        #expect(booting, "the deploy's two new containers never started")
        #expect(platform.stop() == .exited(0))
        _ = deploy.wait()
    }

    /// …and so are build containers: a build under way is stopped and its push refused.
    @Test func stoppingExodDuringABuildLeavesNoBuildContainerRunning() throws {
        let platform = try ScenarioPlatform()
        let (ann, source) = try Self.deployedHello(on: platform)
        try Files.makeDirectory(source + "/bin")
        try Files.atomicWrite("#!/bin/sh\necho slow post_compile\nsleep 600\n", to: source + "/bin/post_compile", mode: 0o755)
        try ann.expectOK(ann.git("add", "bin", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "slow build", in: source))
        let push = try ChildProcess.spawn([ProductsDirectory.executable("exoapp"), "hello", "push"], environment: ann.environment,
                                          workingDirectory: source, stdout: .null, stderr: .null)
        let runc = ["runc", "--root", platform.root + "/data/runc"]
        let building = eventually(60) {
            (try? Command.runCapturing(runc + ["list", "-q"]).stdout).map { String(decoding: $0, as: UTF8.self).contains("build-") } == true
        }
        #expect(building, "the build container never started")
        #expect(platform.stop() == .exited(0))
        #expect(push.wait() != .exited(0), "the push of a stopped build was accepted")
    }

    @Test func deployTakesTheBranchHeadWhenConcurrentPushesRaced() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let (ann, source) = try Self.deployedHello(on: platform)
        let repository = try ann.repositoryURL(of: "hello")
        // Two clones, each with its own commit on the same parent, push at the same time.
        var clones: [String] = []
        for word in ["alpha", "beta"] {
            let clone = platform.root + "/clone-\(word)"
            try ann.expectOK(ann.run(["git", "clone", "-q", source, clone], in: nil))
            let app = clone + "/app.py"
            try Files.atomicWrite(try Files.readText(app).replacingOccurrences(of: "Hello from exo!", with: "Hello \(word)!"), to: app)
            try ann.expectOK(ann.git("commit", "-q", "-am", word, in: clone))
            clones.append(clone)
        }
        let results = Locked<[CLIResult]>([])
        let pushes = clones.map { clone in
            JoinableThread {
                let url = repository.replacingOccurrences(of: "http://", with: "http://\(ann.email.replacingOccurrences(of: "@", with: "%40")):\(ann.password)@")
                if let result = try? ann.git("push", url, "master", in: clone) { results.withLock { $0.append(result) } }
            }
        }
        pushes.forEach { $0.join() }
        try ann.expectOK(ann.exoapp("hello", "deploy"))
        let served = try platform.get(host: platform.host(app: "hello")).text
        let head = try ann.run(["git", "ls-remote", repository.replacingOccurrences(of: "http://", with: "http://\(ann.email.replacingOccurrences(of: "@", with: "%40")):\(ann.password)@"), "refs/heads/master"], in: nil)
            .stdout.split(separator: "\t").first.map(String.init) ?? ""
        let winner = try clones.first { clone in
            try ann.git("rev-parse", "HEAD", in: clone).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == head
        }
        let word = winner.map { Files.baseName(of: $0).replacingOccurrences(of: "clone-", with: "") }
        #expect(word != nil, "head \(head) is neither clone's commit: \(results.get())")
        #expect(served.hasPrefix("Hello \(word ?? "?")!"), "served \(served) but the branch is at \(word ?? "?")")

        // The losing push is refused, and its version cannot be deployed by SHA either: it never
        // reached the branch (whether it was refused before building or lost the ref update after).
        let loser = try #require(clones.first { $0 != winner })
        let loserSHA = try ann.git("rev-parse", "HEAD", in: loser).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(results.get().filter { $0.status != 0 }.count == 1, "\(results.get())")
        let refusal = results.get().first { $0.status != 0 }?.stderr.split(separator: "\n")
            .first { $0.contains("moved on") || $0.contains("rejected") } ?? "?"
        print("concurrent pushes: the losing push was refused with: \(refusal)")
        let deployLoser = try ann.exoapp("hello", "deploy", loserSHA)
        #expect(deployLoser.status != 0, "\(deployLoser)")
        #expect(deployLoser.stderr.contains("version: "), "\(deployLoser)")
        #expect(try platform.get(host: platform.host(app: "hello")).text == served)
    }

    @Test func anUndeployedBranchBuildsAgainWhenPushedAgain() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let (ann, source) = try Self.deployedHello(on: platform)
        try ann.expectOK(ann.exoapp("hello", "undeploy", "-f"))
        // The deployment's logs went with it: a new deployment of the name starts empty.
        #expect(!Files.exists(platform.root + "/data/logs/hello/default"))
        let again = try ann.exoapp("hello", "push", "--deploy", in: source)
        #expect(again.status == 0, "\(again)")
        #expect(again.stderr.contains("Uploading image") || again.stdout.contains("Uploading image"), "\(again)")
        #expect(try platform.get(host: platform.host(app: "hello")).status == 200)
    }

    @Test func rollbackRedeploysThePreviousVersion() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let (ann, source) = try Self.deployedHello(on: platform)
        let noPrevious = try ann.exoapp("hello", "rollback")
        #expect(noPrevious.status == 1)
        #expect(noPrevious.stderr.contains("Previous version not found."), "\(noPrevious)")

        let app = source + "/app.py"
        try Files.atomicWrite(try Files.readText(app).replacingOccurrences(of: "Hello from exo!", with: "Version two!"), to: app)
        try ann.expectOK(ann.git("commit", "-q", "-am", "v2", in: source))
        try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Version two!"))

        let rollback = try ann.exoapp("hello", "rollback")
        #expect(rollback.status == 0, "\(rollback)")
        #expect(rollback.stdout.isEmpty)
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Hello from exo!"))

        // Any earlier version by the 12 characters the push printed, as with git.
        let v2 = try ann.git("rev-parse", "--short=12", "HEAD", in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try ann.expectOK(ann.exoapp("hello", "deploy", v2))
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Version two!"))
    }

    static func deployedHello(on platform: ScenarioPlatform) throws -> (ScenarioUser, String) {
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")
        return (ann, source)
    }
}
