import ExoController
import ExoCore
import ExoNet
import ExoWire

/// The HTTP face of exod: REST API, git smart HTTP and the internal endpoints, on one listener.

final class APIServer: Sendable {
    static let bodyLimit = 1 << 20
    static let apiPrefixes = ["/app/", "/user/", "/addon/", "/token/"]
    private let router: APIRouter
    private let users: UserService
    private let git: GitRoutes
    private let internalRoutes: InternalRoutes
    private let log: @Sendable (String) -> Void

    init(router: APIRouter, users: UserService, git: GitRoutes, internalRoutes: InternalRoutes,
         log: @escaping @Sendable (String) -> Void) {
        self.router = router
        self.users = users
        self.git = git
        self.internalRoutes = internalRoutes
        self.log = log
    }

    func handle(_ request: HTTPServerRequest, _ response: HTTPServerResponse) throws {
        if request.path.hasPrefix(GitRoutes.prefix) { return try git.serve(request, response) }
        if request.path.hasPrefix(InternalRoutes.prefix) { return try internalRoutes.serve(request, response) }
        let result = rest(request)
        try response.send(status: result.status, headers: result.body.isEmpty ? [] : [("Content-Type", result.contentType)],
                          body: result.body)
    }

    private func rest(_ request: HTTPServerRequest) -> APIResponse {
        let (handler, parameters, pathKnown) = router.match(method: request.method, path: request.path)
        guard let handler else {
            // Parts of the cloudControl API exo does not serve yet answer 501, which the original
            // client turns into "Sorry, this command is not available." (404/405 crash it or print None).
            if Self.apiPrefixes.contains(where: request.path.hasPrefix) {
                return APIResponse(status: 501, body: WireErrorBody.message("Sorry, this command is not available."))
            }
            return pathKnown ? APIResponse(status: 405, body: WireErrorBody.message("Method not allowed."))
                             : APIResponse(status: 404, body: WireErrorBody.message("Not found."))
        }
        do {
            let body: [UInt8]
            do {
                body = try request.readBody(limit: Self.bodyLimit)
            } catch {
                throw ExoError.invalid("body", "The request body is too large or malformed.")
            }
            let api = APIRequest(method: request.method, path: request.path, pathParameters: parameters,
                                 fields: try APIRequest.decodeFields(body: body, contentType: request.headers["Content-Type"]),
                                 query: request.query, headers: request.headers)
            let users = self.users
            return try handler(api) { (request: APIRequest) throws -> Principal in
                guard let token = TokenCredentials.parse(request.headers["Authorization"]) else {
                    throw ExoError.unauthorized("Authorization required.")
                }
                return try users.authenticate(token: token)
            }
        } catch let error as ExoError {
            if error.code == .internalError { log("\(request.method) \(request.path): \(error)") }
            return ErrorMapping.response(for: error)
        } catch {
            log("\(request.method) \(request.path): \(error)")
            return ErrorMapping.response(for: .internalError("Internal server error.", cause: "\(error)"))
        }
    }
}
