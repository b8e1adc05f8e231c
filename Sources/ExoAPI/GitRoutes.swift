import ExoController
import ExoCore
import ExoGit
import ExoNet

/// `/git/APP/repository.git/…`: git smart HTTP for the app's owner, authenticated with Basic
/// credentials (email or username + password, or any name + API token).
struct GitRoutes: Sendable {
    static let prefix = "/git/"
    var users: UserService
    var apps: AppService
    var backend: GitHTTPBackend

    func serve(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        // /git/APP/repository.git/info/refs → app "APP", rest "/info/refs"
        let parts = request.path.dropFirst(Self.prefix.count).split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[1] == "repository.git" else {
            try response.send(status: 404, headers: [("Content-Type", "text/plain")], body: Array("Not Found\n".utf8))
            return
        }
        let appName = String(parts[0])
        guard let (login, password) = BasicCredentials.parse(request.headers["Authorization"]) else {
            try challenge(response)
            return
        }
        let principal: Principal
        do {
            principal = try users.authenticate(login: login, password: password)
        } catch {
            try challenge(response)
            return
        }
        do {
            _ = try apps.app(named: appName, by: principal)
        } catch {
            let status = ErrorMapping.status(for: error.code)
            try response.send(status: status == 410 ? 404 : status, headers: [("Content-Type", "text/plain")],
                              body: Array("\(error.message)\n".utf8))
            return
        }
        try backend.serve(request: request, response: response, pathInfo: "/\(appName).git/\(parts[2])",
                          remoteUser: principal.username, extraEnvironment: ["EXO_APP": appName])
    }

    private func challenge(_ response: HTTPServerResponse) throws {
        try response.send(status: 401, headers: [("WWW-Authenticate", "Basic realm=\"exo\""), ("Content-Type", "text/plain")],
                          body: Array("Authentication required: use your email and password, or your API token.\n".utf8))
    }
}
