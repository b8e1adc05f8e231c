import ExoWire
import ExoNet
import Foundation

/// A typed client of the cloudControl-compatible REST API, speaking like pycclib 1.6.2:
/// form-encoded bodies, `Authorization: cc_auth_token="…"`, tokens from Basic auth on `POST /token/`,
/// statuses mapped to `APIError`, unreachable servers retried before giving up.
public struct APIClient: Sendable {
    public var baseURL: String
    /// The token used for authenticated calls; `createToken` sets it.
    public var token: WireToken?
    public var transport: any APITransport
    /// Attempts per request when the server cannot be reached (pycclib: 5, one second apart).
    public var attempts: Int
    public var retryDelay: Double
    public var userAgent = "pycclib/1.6.2"

    public init(baseURL: String, transport: any APITransport, token: WireToken? = nil,
                attempts: Int = 5, retryDelay: Double = 1) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.transport = transport
        self.token = token
        self.attempts = max(1, attempts)
        self.retryDelay = retryDelay
    }

    enum Auth {
        case none, token, basic(String, String)
    }

    /// Fires one request and returns the body of a 200/201/204 answer.
    func request(_ method: String, _ path: String, form: [(String, String)]? = nil, auth: Auth = .token) throws -> [UInt8] {
        var headers: [(String, String)] = [("User-Agent", userAgent), ("Accept", "application/json")]
        switch auth {
        case .none:
            break
        case .token:
            guard let token else { throw APIError.tokenRequired }
            headers.append(("Authorization", "cc_auth_token=\"\(token.token)\""))
        case .basic(let user, let password):
            headers.append(("Authorization", Self.basicAuthorization(user: user, password: password)))
        }
        var body: [UInt8] = []
        if method == "POST" || method == "PUT" {
            body = Array(FormEncoding.encode(form ?? []).utf8)
            headers.append(("Content-Type", "application/x-www-form-urlencoded"))
        }
        let response = try send(method: method, url: baseURL + path, headers: headers, body: body)
        guard [200, 201, 204].contains(response.status) else {
            throw APIError.from(status: response.status, body: response.body)
        }
        return response.body
    }

    func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws -> T {
        do {
            return try WireJSON.decode(type, from: body)
        } catch {
            throw APIError.invalidResponse("Invalid answer from API: \(error)")
        }
    }

    /// `Basic base64(user:password)`, the header git and `POST /token/` use.
    public static func basicAuthorization(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    private func send(method: String, url: String, headers: [(String, String)], body: [UInt8]) throws -> APIResponse {
        var attempt = 1
        while true {
            do {
                return try transport.send(method: method, url: url, headers: headers, body: body)
            } catch let error as NetworkError where !error.operation.hasPrefix("connect") && method != "GET" {
                // The request may have reached the API (a deploy that takes long, a lost answer):
                // sending it again could do the work twice, so only failures to connect are retried.
                throw APIError.connection(error.isTimeout
                    ? "The API did not answer in time; the command may still complete. Check with the details command."
                    : APIError.unreachableMessage)
            } catch {
                guard attempt < attempts else { throw APIError.connection(APIError.unreachableMessage) }
                attempt += 1
                Thread.sleep(forTimeInterval: retryDelay)
            }
        }
    }
}
