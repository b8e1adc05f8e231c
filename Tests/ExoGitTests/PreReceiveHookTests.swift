import ExoGit
import ExoNet
import ExoSystem
import Foundation
import Testing

/// `PreReceiveHook` in-process against a real HTTPServer standing in for exod.
@Suite(.serialized) struct PreReceiveHookTests {
    let zero = String(repeating: "0", count: 40)
    let sha = String(repeating: "b", count: 40)

    private func run(_ hook: PreReceiveHook, input: [String]) -> (status: Int32, output: String) {
        var lines = input[...]
        var output = ""
        let status = hook.run(nextLine: { lines.popFirst() }, output: { output += $0 })
        return (status, output)
    }

    private func environment(_ server: GitServer) -> [String: String] {
        ["EXO_INTERNAL_URL": server.baseURL, "EXO_INTERNAL_TOKEN": server.token, "EXO_APP": "hello",
         "REMOTE_USER": "ann", "GIT_QUARANTINE_PATH": "/q", "GIT_OBJECT_DIRECTORY": "/q", "HOME": "/root"]
    }

    @Test func postsEachRefWithTokenAndRelaysTheAnswer() throws {
        let server = try GitServer()
        defer { server.stop() }
        let received = Locked<[PushRequest]>([])
        let tokens = Locked<[String]>([])
        server.onPush { request, response in
            tokens.withLock { $0.append(request.headers["X-Exo-Internal-Token"] ?? "") }
            let push = try JSONDecoder().decode(PushRequest.self, from: Data(request.readBody(limit: 65536)))
            received.withLock { $0.append(push) }
            try response.startStreaming(status: 200, headers: [("Content-Type", "text/plain")])
            try response.write(Array("-----> Building \(push.ref)\n".utf8))
            try response.write(Array("exo-push-result: ok\n".utf8))
            try response.finish()
        }
        let result = run(PreReceiveHook(environment: environment(server)),
                         input: ["\(zero) \(sha) refs/heads/master", "\(zero) \(sha) refs/heads/dev"])
        #expect(result.status == 0)
        #expect(result.output == "-----> Building refs/heads/master\n-----> Building refs/heads/dev\n")
        #expect(tokens.get() == [server.token, server.token])
        #expect(received.get() == [
            PushRequest(app: "hello", ref: "refs/heads/master", old: zero, new: sha, pusher: "ann",
                        objectEnvironment: ["GIT_QUARANTINE_PATH": "/q", "GIT_OBJECT_DIRECTORY": "/q"]),
            PushRequest(app: "hello", ref: "refs/heads/dev", old: zero, new: sha, pusher: "ann",
                        objectEnvironment: ["GIT_QUARANTINE_PATH": "/q", "GIT_OBJECT_DIRECTORY": "/q"]),
        ])
    }

    @Test func failedResultRejectsAndStopsAtTheFirstRef() throws {
        let server = try GitServer()
        defer { server.stop() }
        let calls = Locked(0)
        server.onPush { request, response in
            calls.withLock { $0 += 1 }
            _ = try request.readBody(limit: 65536)
            try response.send(status: 200, headers: [], body: Array("no Procfile\nexo-push-result: failed\n".utf8))
        }
        let result = run(PreReceiveHook(environment: environment(server)),
                         input: ["\(zero) \(sha) refs/heads/master", "\(zero) \(sha) refs/heads/dev"])
        #expect(result.status == 1)
        #expect(result.output == "no Procfile\n")
        #expect(calls.get() == 1)
    }

    @Test func nonOKStatusRejects() throws {
        let server = try GitServer()
        defer { server.stop() }
        server.onPush { request, response in
            _ = try request.readBody(limit: 65536)
            try response.send(status: 403, headers: [], body: Array("forbidden\n".utf8))
        }
        let result = run(PreReceiveHook(environment: environment(server)), input: ["\(zero) \(sha) refs/heads/master"])
        #expect(result.status == 1)
        #expect(result.output.contains("HTTP 403"))
    }

    @Test func unreachablePlatformRejectsWithAClearMessage() throws {
        let server = try GitServer()
        var env = environment(server)
        server.stop()
        env["EXO_INTERNAL_URL"] = "http://127.0.0.1:\(server.port)"
        let result = run(PreReceiveHook(environment: env), input: ["\(zero) \(sha) refs/heads/master"])
        #expect(result.status == 1)
        #expect(result.output.contains("cannot reach the platform"))
    }

    @Test func deletionsAndMissingConfigurationAreRefused() throws {
        let deletion = run(PreReceiveHook(environment: ["EXO_INTERNAL_URL": "http://127.0.0.1:1", "EXO_INTERNAL_TOKEN": "t",
                                                        "EXO_APP": "hello"]),
                           input: ["\(sha) \(zero) refs/heads/dev"])
        #expect(deletion.status == 1)
        #expect(deletion.output.contains("deleting dev is not supported"))
        let unconfigured = run(PreReceiveHook(environment: [:]), input: ["\(zero) \(sha) refs/heads/master"])
        #expect(unconfigured.status == 1)
        #expect(unconfigured.output.contains("EXO_INTERNAL_URL"))
    }
}
