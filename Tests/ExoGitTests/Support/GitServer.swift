import ExoGit
import ExoNet
import ExoSystem
import Foundation

/// A real HTTP server on 127.0.0.1 that routes `/git/...` to a GitHTTPBackend over a temp project
/// root (as user "ann", standing in for exod's authentication), and `/internal/push` to a
/// handler the test supplies, standing in for exod's build endpoint.
final class GitServer: Sendable {
    typealias PushHandler = @Sendable (HTTPServerRequest, HTTPServerResponse) throws -> Void

    let dir: TempDirectory
    let projectRoot: String
    let token = "test-token-\(UInt32.random(in: 0...UInt32.max))"
    private let server: Locked<HTTPServer?> = Locked(nil)
    private let backend: Locked<GitHTTPBackend?> = Locked(nil)
    private let pushHandler: Locked<PushHandler?> = Locked(nil)
    /// Transfer-Encoding / Content-Length of every git POST, to see what git sent.
    let postFraming = Locked<[String]>([])
    let backendLog = Locked<[String]>([])
    private let remoteUser: String

    /// `gitBinary` replaces `git` (fake CGIs); `remoteUser` is what "authentication" yields.
    init(gitBinary: String = "git", remoteUser: String = "ann") throws {
        dir = try TempDirectory()
        projectRoot = dir.file("repos")
        self.remoteUser = remoteUser
        try Files.makeDirectory(projectRoot)
        let httpServer = HTTPServer(address: try SocketAddress(parsing: "127.0.0.1:0")) { [weak self] request, response in
            try self?.handle(request, response)
        }
        try httpServer.start()
        server.set(httpServer)
        let log = backendLog
        backend.set(GitHTTPBackend(projectRoot: projectRoot, environment: [
            "EXO_INTERNAL_URL": "http://127.0.0.1:\(httpServer.port)",
            "EXO_INTERNAL_TOKEN": token,
            "EXO_APP": "hello",
        ], gitBinary: gitBinary, log: { line in log.withLock { $0.append(line) } }))
    }

    deinit { server.get()?.stop() }

    var port: Int { server.get()!.port }
    var baseURL: String { "http://127.0.0.1:\(port)" }
    func repoURL(_ app: String = "hello") -> String { "\(baseURL)/git/\(app).git" }
    func repoPath(_ app: String = "hello") -> String { "\(projectRoot)/\(app).git" }

    func onPush(_ handler: @escaping PushHandler) { pushHandler.set(handler) }

    func stop() { server.get()?.stop() }

    private func handle(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        if request.path.hasPrefix("/git/") {
            if request.method == "POST" {
                let framing = request.headers["Transfer-Encoding"].map { "chunked:\($0)" }
                    ?? "length:\(request.headers["Content-Length"] ?? "-")"
                let encoding = request.headers["Content-Encoding"].map { " encoding:\($0)" } ?? ""
                postFraming.withLock { $0.append(framing + encoding) }
            }
            try backend.get()!.serve(request: request, response: response,
                                     pathInfo: String(request.path.dropFirst(4)), remoteUser: remoteUser)
        } else if request.path == "/internal/push", let handler = pushHandler.get() {
            try handler(request, response)
        } else {
            try response.send(status: 404, headers: [], body: Array("no route\n".utf8))
        }
    }
}
