import ExoGit
import ExoSystem
import Testing

/// Real git over real HTTP: `git push` / `git clone` against GitHTTPBackend behind an HTTPServer.
@Suite(.serialized) struct GitHTTPBackendTests {
    @Test func pushFollowUpPushAndCloneRoundTrip() throws {
        let server = try GitServer()
        defer { server.stop() }
        try GitClient().initBare(server.repoPath())
        let work = try WorkRepo(in: server.dir)
        try work.write("app.py", "print('one')\n")
        try work.commitAll("one")
        try work.git("push", server.repoURL(), "master")
        try work.write("app.py", "print('two')\n")
        let second = try work.commitAll("two")
        try work.git("push", server.repoURL(), "master")
        #expect(try GitClient().revParse(repo: server.repoPath(), "master") == second)

        let clone = server.dir.file("clone")
        try Command.run(["git", "clone", "--quiet", server.repoURL(), clone], environment: work.environment)
        #expect(try Files.readText(clone + "/app.py") == "print('two')\n")
        let head = try Command.run(["git", "-C", clone, "rev-parse", "HEAD"], environment: work.environment)
        #expect(head.stdout == second + "\n")
    }

    @Test func packLargerThanPostBufferIsUploadedChunked() throws {
        let server = try GitServer()
        defer { server.stop() }
        try GitClient().initBare(server.repoPath())
        let work = try WorkRepo(in: server.dir)
        var random = SystemRandomNumberGenerator()
        try work.write("blob.bin", bytes: (0..<(2 * 1024 * 1024)).map { _ in UInt8.random(in: 0...255, using: &random) })
        let sha = try work.commitAll("big")
        try work.git("push", server.repoURL(), "master")
        #expect(try GitClient().revParse(repo: server.repoPath(), "master") == sha)
        #expect(server.postFraming.get().contains { $0.hasPrefix("chunked:") })

        let clone = server.dir.file("clone")
        try Command.run(["git", "clone", "--quiet", server.repoURL(), clone], environment: work.environment)
        #expect(try Files.read(clone + "/blob.bin") == Files.read(work.path + "/blob.bin"))
    }

    @Test func fetchWithManyHavesSendsAGzippedRequestThatStillWorks() throws {
        let server = try GitServer()
        defer { server.stop() }
        try GitClient().initBare(server.repoPath())
        let work = try WorkRepo(in: server.dir)
        try work.write("app.py", "base\n")
        try work.commitAll("base")
        try work.git("push", server.repoURL(), "master")
        let clone = try WorkRepo(in: server.dir, name: "clone")
        try clone.git("pull", "--quiet", server.repoURL(), "master")
        for index in 0..<80 { try clone.git("commit", "--quiet", "--allow-empty", "-m", "local \(index)") }
        try work.write("app.py", "new\n")
        let newer = try work.commitAll("newer")
        try work.git("push", server.repoURL(), "master")

        try clone.git("fetch", "--quiet", server.repoURL(), "master")
        #expect(try clone.git("rev-parse", "FETCH_HEAD").stdout == newer + "\n")
        #expect(server.postFraming.get().contains { $0.contains("encoding:gzip") })
    }

    @Test func unknownRepositoryAndUnsafePathsAreNotFound() throws {
        let server = try GitServer()
        defer { server.stop() }
        let work = try WorkRepo(in: server.dir)
        let result = try Command.runCapturing(["git", "ls-remote", server.repoURL("missing")], environment: work.environment)
        #expect(!result.status.isSuccess)
        let dotdot = try Command.runCapturing(["git", "ls-remote", "\(server.baseURL)/git/../repos/x.git"],
                                              environment: work.environment)
        #expect(!dotdot.status.isSuccess)
    }

    @Test func lsRemoteFindsABranchOverHTTP() throws {
        let server = try GitServer()
        defer { server.stop() }
        try GitClient().initBare(server.repoPath())
        let work = try WorkRepo(in: server.dir)
        try work.write("bin/detect", "#!/bin/sh\n")
        let sha = try work.commitAll("buildpack")
        try work.git("push", server.repoURL(), "master")
        #expect(try GitClient().lsRemote(url: server.repoURL(), branch: "master") == sha)
        #expect(try GitClient().lsRemote(url: server.repoURL(), branch: "nope") == nil)
    }
}
