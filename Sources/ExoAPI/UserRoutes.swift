import ExoController
import ExoCore
import ExoStore
import ExoWire
import Foundation

/// `/.meta/version/`, `/token/`, `/user/…`: thin adapters over `UserService`.
enum UserRoutes {
    static func register(into router: inout APIRouter, users: UserService) {
        router.add("GET", "/.meta/version/") { _, _ in
            .json(WireVersion(cctrl: "1.16.1", pycclib: "1.6.2"))
        }
        router.add("POST", "/token/") { request, _ in
            guard let (login, password) = BasicCredentials.parse(request.headers["Authorization"]) else {
                throw ExoError.unauthorized("The authorization failed, check your e-mail address and password.")
            }
            let token = try users.issueToken(login: login, password: password)
            return .json(WireToken(token: token.value, expires: WireDate.string(from: token.expires)))
        }
        router.add("POST", "/user/") { request, _ in
            let user = try users.register(username: try request.required("username"),
                                          email: try request.required("email"),
                                          password: try request.required("password"))
            return .json(wire(user), status: 201)
        }
        router.add("GET", "/user/") { request, authenticate in
            let principal = try authenticate(request)
            return .json([wire(try users.user(named: principal.username, by: principal))])
        }
        router.add("GET", "/user/{user}/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(wire(try users.user(named: request.parameter("user"), by: principal)))
        }
        router.add("PUT", "/user/{user}/") { request, _ in
            try users.activate(username: request.parameter("user"), code: try request.required("activation_code"))
            return .noContent
        }
        router.add("DELETE", "/user/{user}/") { request, authenticate in
            let principal = try authenticate(request)
            try users.delete(username: request.parameter("user"), by: principal)
            return .noContent
        }
    }

    static func wire(_ user: UserRecord) -> WireUser {
        WireUser(username: user.username.rawValue, email: user.email.rawValue, isActive: user.isActive)
    }
}

/// `Authorization: Basic base64(login:password)`.
enum BasicCredentials {
    static func parse(_ header: String?) -> (String, String)? {
        guard let header, header.count > 6, header.prefix(6).lowercased() == "basic " else { return nil }
        let encoded = header.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        // pycclib may URL-quote the email; a literal "%" cannot appear in a valid address otherwise.
        let login = String(text[..<colon]).removingPercentEncoding ?? String(text[..<colon])
        return (login, String(text[text.index(after: colon)...]))
    }
}

/// `Authorization: cc_auth_token="TOKEN"` (pycclib) or `Bearer TOKEN`.
enum TokenCredentials {
    static func parse(_ header: String?) -> String? {
        guard let header else { return nil }
        let trimmed = header.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("cc_auth_token=") {
            var value = trimmed.dropFirst("cc_auth_token=".count)
            if value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2 { value = value.dropFirst().dropLast() }
            return value.isEmpty ? nil : String(value)
        }
        if trimmed.lowercased().hasPrefix("bearer ") {
            let value = trimmed.dropFirst(7).trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        return nil
    }
}
