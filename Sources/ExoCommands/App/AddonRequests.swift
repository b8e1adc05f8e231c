import ExoAPIClient
import ExoWire
import Foundation

/// The add-on and alias endpoints (spec §2.3) as the commands need them. ExoAPIClient has no
/// calls for them yet, so these go through its transport with the same headers and status mapping.
struct AddonRequests {
    let api: APIClient

    /// `/app/APP/deployment/DEP/COLLECTION/[ITEM/]`, the collection being `addon` or `alias`.
    func path(_ app: String, _ deployment: String, _ item: String? = nil, in collection: String = "addon") -> String {
        var path = "/app/\(PercentEncoding.encodePathSegment(app))/deployment/\(PercentEncoding.encodePathSegment(deployment))/\(collection)/"
        if let item { path += PercentEncoding.encodePathSegment(item) + "/" }
        return path
    }

    /// A JSON answer (object or list) as Foundation values, so strings come back untouched.
    func json(_ method: String, _ path: String, form: [(String, String)]? = nil, token: Bool = true) throws -> Any {
        let body = try send(method, path, form: form, token: token)
        guard !body.isEmpty else { return [String: Any]() }
        guard let value = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) else {
            throw APIError.invalidResponse("Invalid answer from API: not JSON.")
        }
        return value
    }

    func send(_ method: String, _ path: String, form: [(String, String)]? = nil, token requiresToken: Bool = true) throws -> [UInt8] {
        var headers: [(String, String)] = [("User-Agent", api.userAgent), ("Accept", "application/json")]
        if requiresToken {
            guard let token = api.token else { throw APIError.tokenRequired }
            headers.append(("Authorization", "cc_auth_token=\"\(token.token)\""))
        }
        var body: [UInt8] = []
        if method == "POST" || method == "PUT" {
            body = Array(FormEncoding.encode(form ?? []).utf8)
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        }
        let response: APIResponse
        do {
            response = try api.transport.send(method: method, url: api.baseURL + path, headers: headers, body: body)
        } catch {
            throw APIError.connection(APIError.unreachableMessage)
        }
        guard [200, 201, 204].contains(response.status) else {
            throw APIError.from(status: response.status, body: response.body)
        }
        return response.body
    }
}
