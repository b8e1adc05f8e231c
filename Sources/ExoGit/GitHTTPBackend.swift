import ExoNet
import Glibc
import ExoSystem

/// Git smart HTTP: bridges one HTTP request to `git http-backend` run as a CGI. The request body
/// is streamed into the CGI's stdin on a helper thread while the CGI's output is parsed and
/// streamed back chunk by chunk, flushed per read, so hook output reaches the pusher live.
/// Authentication and authorisation happen before `serve`; this type only passes `remoteUser` on.
public final class GitHTTPBackend: Sendable {
    /// Directory holding the bare repositories (`APP.git`).
    public let projectRoot: String
    private let baseEnvironment: [String: String]
    private let gitBinary: String
    private let log: @Sendable (String) -> Void

    /// `environment` is added to the CGI's and so to the hooks' environment (EXO_INTERNAL_URL,
    /// EXO_INTERNAL_TOKEN, EXO_APP); PATH defaults to `Command.defaultEnvironment`'s.
    public init(projectRoot: String, environment: [String: String], gitBinary: String = "git",
                log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.projectRoot = projectRoot
        self.baseEnvironment = Command.defaultEnvironment.merging(environment) { $1 }
        self.gitBinary = gitBinary
        self.log = log
    }

    /// Answers one smart-HTTP request. `pathInfo` is the part below the project root, e.g.
    /// "/APP.git/info/refs"; `remoteUser` the authenticated user (required for pushes).
    public func serve(request: HTTPServerRequest, response: HTTPServerResponse, pathInfo: String,
                      remoteUser: String, extraEnvironment: [String: String] = [:]) throws {
        guard CGIRequest.isSafePathInfo(pathInfo) else {
            try response.send(status: 404, headers: [("Content-Type", "text/plain")], body: Array("Not Found\n".utf8))
            return
        }
        let cgiRequest = CGIRequest(method: request.method, target: request.head.target, headers: request.headers,
                                    pathInfo: pathInfo, remoteUser: remoteUser, remoteAddress: request.remoteAddress)
        let base = baseEnvironment.merging(extraEnvironment) { $1 }
        let cgi = try ChildProcess.spawn([gitBinary, "http-backend"],
                                         environment: cgiRequest.environment(projectRoot: projectRoot, base: base),
                                         stdin: cgiRequest.hasBody ? .pipe : .null)
        let errors = StreamDrain.stderr(of: cgi)
        let feeder = cgiRequest.hasBody ? BodyFeeder(request: request, into: cgi) : nil
        let result = Result { try relay(cgi, to: response) }
        // relay drains stdout to EOF unless it failed early; then the CGI may be blocked on a full
        // pipe and must be killed before waiting for it.
        // (The feeder alone closes stdin: closing it here could race with its write.)
        if case .failure = result { cgi.signal(SIGKILL) }
        let status = cgi.wait()
        let stderr = errors.finish()
        if !status.isSuccess || !stderr.isEmpty {
            log("git http-backend \(cgiRequest.method) \(pathInfo) (\(remoteUser)): \(status)\(stderr.isEmpty ? "" : ": " + stderr)")
        }
        if let bodyError = feeder?.finish() { log("git http-backend: reading the request body failed: \(bodyError)") }
        try result.get()
    }

    /// Parses the CGI's header block, then streams the rest. A CGI that dies before finishing its
    /// headers gets a 502; once streaming, a client that went away only stops our writes, and the
    /// CGI is drained so that a push in progress still completes.
    private func relay(_ cgi: ChildProcess, to response: HTTPServerResponse) throws {
        var parser = CGIResponseHeadParser()
        var head: CGIResponseHead?
        do {
            while head == nil, let chunk = try cgi.readStdout() { head = try parser.feed(chunk) }
        } catch let error as CGIOutputError {
            log("git http-backend: \(error)")
        }
        guard let head else {
            while (try? cgi.readStdout()) != nil {}  // let it exit rather than block on a full pipe
            try response.send(status: 502, headers: [("Content-Type", "text/plain")], body: Array("Bad Gateway\n".utf8))
            return
        }
        try response.startStreaming(status: head.status, headers: head.headers.map { ($0.name, $0.value) })
        var writeError: (any Error)?
        func forward(_ bytes: [UInt8]) {
            guard writeError == nil, !bytes.isEmpty else { return }  // an empty write would end the chunked body
            do { try response.write(bytes) } catch { writeError = error }
        }
        forward(head.bodyStart)
        while let chunk = try cgi.readStdout() { forward(chunk) }
        if let writeError { throw writeError }
        try response.finish()
    }
}
