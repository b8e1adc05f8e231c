import ExoAPIClient
import ExoCommands
import Foundation
import Testing

/// `push` with the real git binary into a bare repository standing in for exo's git endpoint.
struct PushTests {
    func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": directory, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
    }

    func deploymentJSON(branch: String) -> String {
        Fixtures.deployment.replacingOccurrences(of: "http://127.0.0.1:8000/git/hello.git", with: branch)
    }

    @Test func pushSendsMasterToTheDeploymentsRepositoryAndDeploys() throws {
        let home = TempHome()
        defer { home.cleanup() }
        let bare = home.path + "/remote.git", work = home.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try git(["init", "-q", "--bare", bare], in: home.path)
        try git(["init", "-q", "-b", "master"], in: work)
        try "web: python app.py\n".write(toFile: work + "/Procfile", atomically: true, encoding: .utf8)
        try git(["add", "Procfile"], in: work)
        try git(["commit", "-q", "-m", "first"], in: work)

        let console = RecordingConsole()
        let api = FakeAPI { _ in json(200, deploymentJSON(branch: bare)) }
        let status = ExoAppCLI.main(arguments: ["hello", "push", "--deploy", work], environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 0)
        #expect(console.out == "\nDeploying newest version.\n")
        #expect(FileManager.default.fileExists(atPath: bare + "/refs/heads/master"))
        #expect(api.requests.map { "\($0.method) \($0.path) \($0.body)" } == [
            "GET /app/hello/deployment/default/ ",
            "PUT /app/hello/deployment/default/ version=-1&min_boxes=2&max_boxes=3&stack=pinky",
        ])
    }

    @Test func failedPushPrintsTheCommandAndExitsOne() throws {
        let home = TempHome()
        defer { home.cleanup() }
        let work = home.path + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        try git(["init", "-q", "-b", "master"], in: work)
        let console = RecordingConsole()
        let missing = home.path + "/missing.git"
        let status = ExoAppCLI.main(arguments: ["hello/dev", "push", work], environment: home.environment(token: "t"),
                                    console: console, transport: FakeAPI { _ in json(200, deploymentJSON(branch: missing)) })
        #expect(status == 1)
        #expect(console.out.hasPrefix("Command '['/usr/bin/git', '--git-dir=\(work)/.git', 'push', '\(missing)', 'dev']' returned non-zero exit status "))
    }

    @Test func pushCommandUsesMasterForDefault() {
        #expect(AppPushCommand.argv(git: "git", repository: "r", deployment: "default", source: nil) == ["git", "push", "r", "master"])
        #expect(AppPushCommand.argv(git: "git", repository: "r", deployment: "dev", source: "/src") == ["git", "--git-dir=/src/.git", "push", "r", "dev"])
    }
}
