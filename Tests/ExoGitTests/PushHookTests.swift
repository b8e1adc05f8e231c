import ExoGit
import ExoNet
import ExoSystem
import Foundation
import Testing

/// The full push path: git push over HTTP → GitHTTPBackend → receive-pack → pre-receive hook
/// (the built exo-git-shell) → POST /internal/push on the test's fake exod → streamed back.
@Suite(.serialized) struct PushHookTests {
    private func hookedServer() throws -> (GitServer, WorkRepo) {
        let hook = try #require(HookBinary.path, "exo-git-shell must be built next to the test bundle")
        let server = try GitServer()
        try GitClient().initBare(server.repoPath())
        try GitClient().installHooks(repo: server.repoPath(), hookProgram: hook)
        return (server, try WorkRepo(in: server.dir))
    }

    @Test func hookOutputReachesThePusherLiveAndSeesTheQuarantinedCommit() throws {
        let (server, work) = try hookedServer()
        defer { server.stop() }
        try work.write("Procfile", "web: ./run\n")
        let sha = try work.commitAll("first")
        let repo = server.repoPath()
        let pusherSawFirstLine = DispatchSemaphore(value: 0)
        let seen = Locked<(token: String?, push: PushRequest?, visibleWithoutQuarantine: Bool?, exported: String?)>((nil, nil, nil, nil))
        let exportDir = server.dir.file("export")
        server.onPush { request, response in
            let push = try JSONDecoder().decode(PushRequest.self, from: Data(request.readBody(limit: 65536)))
            let visible = try GitClient().revParse(repo: repo, push.new) != nil
            try GitClient().archive(repo: repo, sha: push.new, into: exportDir, objectEnvironment: push.objectEnvironment)
            let exported = try? Files.readText(exportDir + "/Procfile")
            seen.set((request.headers["X-Exo-Internal-Token"], push, visible, exported))
            try response.startStreaming(status: 200, headers: [("Content-Type", "text/plain")])
            try response.write(Array("-----> Building hello\n".utf8))
            // Only continue once the pusher has printed the first line: proves live streaming.
            let live = pusherSawFirstLine.wait(timeout: .now() + 20) == .success
            try response.write(Array("       live=\(live)\n".utf8))
            try response.write(Array("exo-push-result: \(live ? "ok" : "failed")\n".utf8))
            try response.finish()
        }

        let push = try ChildProcess.spawn(["git", "-C", work.path, "push", server.repoURL(), "master"],
                                          environment: work.environment, stdout: .null)
        var stderr = ""
        var signalled = false
        while let chunk = try push.readStderr() {
            stderr += String(decoding: chunk, as: UTF8.self)
            if !signalled, stderr.contains("remote: -----> Building hello") { signalled = true; pusherSawFirstLine.signal() }
        }
        let status = push.wait()
        #expect(status.isSuccess, "git push failed: \(stderr)")
        #expect(stderr.contains("remote:        live=true"))
        #expect(!stderr.contains("exo-push-result"))
        let observed = seen.get()
        #expect(observed.token == server.token)
        #expect(observed.push?.app == "hello")
        #expect(observed.push?.ref == "refs/heads/master")
        #expect(observed.push?.old == String(repeating: "0", count: 40))
        #expect(observed.push?.new == sha)
        #expect(observed.push?.pusher == "ann")
        #expect(observed.push?.objectEnvironment["GIT_QUARANTINE_PATH"] != nil)
        #expect(observed.visibleWithoutQuarantine == false)
        #expect(observed.exported == "web: ./run\n")
        #expect(try GitClient().revParse(repo: repo, "master") == sha)
    }

    @Test func failingHookDeclinesThePushAndShowsItsOutput() throws {
        let (server, work) = try hookedServer()
        defer { server.stop() }
        server.onPush { request, response in
            _ = try request.readBody(limit: 65536)
            try response.startStreaming(status: 200, headers: [("Content-Type", "text/plain")])
            try response.write(Array(" !     No Procfile found\nexo-push-result: failed\n".utf8))
            try response.finish()
        }
        try work.write("app.py", "x\n")
        try work.commitAll("first")
        let result = try work.gitStatus("push", server.repoURL(), "master")
        #expect(!result.status.isSuccess)
        #expect(result.stderr.contains("pre-receive hook declined"))
        #expect(result.stderr.contains("remote:  !     No Procfile found"))
        #expect(try GitClient().revParse(repo: server.repoPath(), "master") == nil)
    }

    @Test func deletingABranchIsRefused() throws {
        let (server, work) = try hookedServer()
        defer { server.stop() }
        server.onPush { request, response in
            _ = try request.readBody(limit: 65536)
            try response.send(status: 200, headers: [], body: Array("exo-push-result: ok\n".utf8))
        }
        try work.write("app.py", "x\n")
        let sha = try work.commitAll("first")
        try work.git("push", server.repoURL(), "master", "master:dev")
        let result = try work.gitStatus("push", server.repoURL(), ":dev")
        #expect(!result.status.isSuccess)
        #expect(result.stderr.contains("deleting dev is not supported"))
        #expect(try GitClient().revParse(repo: server.repoPath(), "dev") == sha)
    }

    @Test func platformErrorStatusDeclinesThePush() throws {
        let (server, work) = try hookedServer()
        defer { server.stop() }
        // No /internal/push handler: the fake exod answers 404.
        try work.write("app.py", "x\n")
        try work.commitAll("first")
        let result = try work.gitStatus("push", server.repoURL(), "master")
        #expect(!result.status.isSuccess)
        #expect(result.stderr.contains("HTTP 404"))
        #expect(result.stderr.contains("pre-receive hook declined"))
    }
}
