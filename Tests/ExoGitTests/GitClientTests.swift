import ExoCore
import ExoSystem
import Testing
@testable import ExoGit

struct GitClientTests {
    let git = GitClient()

    @Test func initBareCreatesAMasterHeadAndEnablesHTTPPush() throws {
        let dir = try TempDirectory()
        let repo = dir.file("hello.git")
        try git.initBare(repo)
        #expect(try Files.readText(repo + "/HEAD") == "ref: refs/heads/master\n")
        let config = try Command.run(["git", "--git-dir=\(repo)", "config", "--get", "http.receivepack"])
        #expect(config.stdout == "true\n")
        try git.initBare(repo)  // idempotent
    }

    @Test func installHooksWritesAnExecutablePreReceiveScript() throws {
        let dir = try TempDirectory()
        let repo = dir.file("hello.git")
        try git.initBare(repo)
        try git.installHooks(repo: repo, hookProgram: "/usr/lib/exo/exo-git-shell")
        let hook = repo + "/hooks/pre-receive"
        #expect(try Files.readText(hook) == "#!/bin/sh\nexec '/usr/lib/exo/exo-git-shell' pre-receive\n")
        #expect(try Command.run(["test", "-x", hook]).stderr.isEmpty)
        #expect(throws: ExoError.self) { try git.installHooks(repo: repo, hookProgram: "relative/path") }
    }

    @Test func archiveExportsTheTreeOfACommit() throws {
        let dir = try TempDirectory()
        let repo = dir.file("hello.git")
        try git.initBare(repo)
        let work = try WorkRepo(in: dir)
        try work.write("Procfile", "web: python app.py\n")
        try work.write("src/app.py", "print('hi')\n")
        let sha = try work.commitAll("first")
        try work.git("push", "--quiet", repo, "master")

        #expect(try git.revParse(repo: repo, "master") == sha)
        #expect(try git.revParse(repo: repo, "nope") == nil)
        let out = dir.file("export/tree")
        try git.archive(repo: repo, sha: sha, into: out)
        #expect(try Files.readText(out + "/Procfile") == "web: python app.py\n")
        #expect(try Files.readText(out + "/src/app.py") == "print('hi')\n")
        #expect(!Files.exists(out + "/.git"))
    }

    @Test func archiveRefusesNonSHARevisionsAndReportsGitFailures() throws {
        let dir = try TempDirectory()
        let repo = dir.file("hello.git")
        try git.initBare(repo)
        #expect(throws: ExoError.self) { try git.archive(repo: repo, sha: "--output=/tmp/x", into: dir.file("o")) }
        let missing = String(repeating: "ab", count: 20)
        let failure = try #require(throws: ProcessFailure.self) {
            try git.archive(repo: repo, sha: missing, into: dir.file("o"))
        }
        #expect(failure.argv.contains("archive"))
        #expect(failure.status != 0)
        #expect(!failure.stderr.isEmpty)
    }

    @Test func lsRemoteRefusesLocalRepositories() throws {
        let dir = try TempDirectory()
        let repo = dir.file("hello.git")
        try git.initBare(repo)
        let failure = try #require(throws: ProcessFailure.self) { try git.lsRemote(url: repo, branch: "master") }
        #expect(failure.stderr.contains("not allowed") || failure.stderr.contains("protocol"))
        #expect(throws: ExoError.self) { try git.lsRemote(url: "--upload-pack=touch /tmp/x", branch: "master") }
    }
}
