import ExoWire

/// The failures of an API call, one case per status pycclib distinguishes (`pycclib/cclib.py`).
/// `description` is the text cctrl prints for an error it does not translate itself.
public enum APIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A call that needs a token was made without one (pycclib's `TokenRequiredError`).
    case tokenRequired
    /// 400 with `{field: message}` pairs, sorted by field.
    case badRequest(fields: [FieldMessage])
    case unauthorized(String)
    case forbidden(String)
    case notFound(String)
    case conflict(String)
    /// 410: the API's "resource does not exist".
    case gone(String)
    case unprocessable(String)
    case internalServerError(String)
    case notImplemented(String)
    case badGateway(String)
    /// 503: the server asks for confirmation (config overwrite) or is busy; `text` carries
    /// the messages as pycclib's `ThrottledError` prints them.
    case throttled(message: String, text: String)
    case gatewayTimeout(String)
    case unexpectedStatus(Int)
    /// The API could not be reached after all attempts.
    case connection(String)
    /// A success answer whose body did not decode.
    case invalidResponse(String)

    public struct FieldMessage: Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public static let unreachableMessage = "Could not connect to API..."

    /// Maps a non-success answer the way pycclib's `_Request.request` does.
    public static func from(status: Int, body: [UInt8]) -> APIError {
        let text = WireErrorBody.text(of: body)
        switch status {
        case 400:
            return .badRequest(fields: WireErrorBody.fields(of: body).map { FieldMessage(field: $0.field, message: $0.message) })
        case 401: return .unauthorized(text)
        case 403: return .forbidden(text)
        case 404: return .notFound(text)
        case 409: return .conflict(text)
        case 410: return .gone(text)
        case 422: return .unprocessable(text)
        case 500: return .internalServerError(text)
        case 501: return .notImplemented(text)
        case 502: return .badGateway(text)
        case 503: return .throttled(message: text, text: throttledText(body))
        case 504: return .gatewayTimeout(text)
        default: return .unexpectedStatus(status)
        }
    }

    /// True when the 400 answer names this field (cctrl checks e.g. `max_boxes_over_max_process_limit`).
    public func hasField(_ name: String) -> Bool {
        if case .badRequest(let fields) = self { return fields.contains { $0.field == name } }
        return false
    }

    public var description: String {
        switch self {
        case .tokenRequired: return "No valid token. Use create_token(email, password) to get one"
        case .badRequest(let fields):
            // pycclib prints one "field: message" line per key, each ending in a newline.
            return fields.isEmpty ? "Bad Request" : fields.map { "\($0.field): \($0.message)\n" }.joined()
        case .unauthorized(let m), .forbidden(let m), .notFound(let m), .conflict(let m), .gone(let m),
             .unprocessable(let m), .internalServerError(let m), .notImplemented(let m), .badGateway(let m),
             .gatewayTimeout(let m), .connection(let m), .invalidResponse(let m):
            return m
        case .throttled(_, let text): return text
        case .unexpectedStatus(let status): return "Received unexpected response status: \(status)"
        }
    }

    // pycclib: a JSON object prints each value prefixed with "[ERROR] "; anything else prints raw.
    private static func throttledText(_ body: [UInt8]) -> String {
        let fields = WireErrorBody.fields(of: body)
        if !fields.isEmpty { return fields.map { "[ERROR] " + $0.message }.joined(separator: "\n") }
        return WireErrorBody.text(of: body)
    }
}
