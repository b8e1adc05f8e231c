import ExoAPIClient
import ExoCommands
import Foundation
import Synchronization

/// A console that records what the command wrote and answers prompts from a script.
final class RecordingConsole: Console {
    private struct State {
        var out = ""
        var err = ""
        var prompts: [String] = []
        var answers: [String]
    }

    private let state: Mutex<State>

    init(answers: [String] = []) { state = Mutex(State(answers: answers)) }

    var out: String { state.withLock { $0.out } }
    var err: String { state.withLock { $0.err } }
    var prompts: [String] { state.withLock { $0.prompts } }

    func write(_ text: String) { state.withLock { $0.out += text } }
    func writeError(_ text: String) { state.withLock { $0.err += text } }

    func readLine(prompt: String) -> String? {
        state.withLock { s in
            s.prompts.append(prompt)
            s.out += prompt
            return s.answers.isEmpty ? nil : s.answers.removeFirst()
        }
    }

    func readSecret(prompt: String) -> String? {
        state.withLock { s in
            s.prompts.append(prompt)
            return s.answers.isEmpty ? nil : s.answers.removeFirst()
        }
    }
}

/// One request as the fake API saw it.
struct SeenRequest: Sendable {
    var method: String
    var path: String
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// An in-memory API: answers with `handler`, records every request.
final class FakeAPI: APITransport {
    typealias Handler = @Sendable (SeenRequest) -> APIResponse
    private let seen = Mutex<[SeenRequest]>([])
    private let handler: Handler

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [SeenRequest] { seen.withLock { $0 } }

    func send(method: String, url: String, headers: [(String, String)], body: [UInt8]) throws -> APIResponse {
        let path = url.replacingOccurrences(of: "http://api.test", with: "")
        let request = SeenRequest(method: method, path: path, headers: headers, body: String(decoding: body, as: UTF8.self))
        seen.withLock { $0.append(request) }
        return handler(request)
    }
}

func json(_ status: Int, _ text: String) -> APIResponse {
    APIResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
}

/// A fresh CLI home directory under /tmp, removed by the caller with `cleanup`.
struct TempHome {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "exo-cli-test-" + UUID().uuidString
    }

    func environment(token: String? = nil, email: String? = "ann@example.com", password: String? = "secret") -> [String: String] {
        if let token {
            try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try? Data("{\"token\": \"\(token)\", \"expires\": \"2030-01-01T00:00:00\"}".utf8).write(to: URL(fileURLWithPath: path + "/token.json"))
        }
        var env = ["EXO_HOME": path, "EXO_API_URL": "http://api.test", "PATH": "/usr/bin:/bin", "EXO_API_ATTEMPTS": "1"]
        env["EXO_EMAIL"] = email
        env["EXO_PASSWORD"] = password
        return env
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

enum Fixtures {
    static let app = """
    {"name": "hello", "type": {"name": "python"}, "repository": "http://127.0.0.1:8000/git/hello.git",
     "buildpack_url": null, "owner": {"username": "ann", "email": "ann@example.com"},
     "users": [{"username": "ann", "email": "ann@example.com", "role": "owner"}],
     "deployments": [{"name": "hello/default", "dep_id": "dep12345678"}],
     "date_created": "2026-12-03T16:00:00", "date_modified": "2026-12-03T16:00:00"}
    """

    static let deployment = """
    {"name": "hello/default", "dep_id": "dep12345678", "branch": "http://127.0.0.1:8000/git/hello.git",
     "default_subdomain": "hello.app.localhost", "is_default": true, "state": "deployed", "version": "abc123",
     "min_boxes": 2, "max_boxes": 3, "stack": {"name": "pinky"}, "users": [],
     "date_created": "2026-12-03T16:00:00", "date_modified": "2026-12-03T16:05:00"}
    """
}
