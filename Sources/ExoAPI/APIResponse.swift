import ExoCore
import ExoWire

/// What a REST handler returns: a status and a JSON body.
public struct APIResponse: Sendable {
    public var status: Int
    public var body: [UInt8]
    public var contentType: String

    public init(status: Int, body: [UInt8], contentType: String = "application/json") {
        self.status = status
        self.body = body
        self.contentType = contentType
    }

    public static func json<T: Encodable>(_ value: T, status: Int = 200) -> APIResponse {
        APIResponse(status: status, body: WireJSON.encode(value))
    }

    public static let noContent = APIResponse(status: 204, body: [])
}

/// The one table from `ExoError` codes to HTTP statuses and wire bodies (STYLE.md rule 4).
public enum ErrorMapping {
    public static func status(for code: ExoError.Code) -> Int {
        switch code {
        case .invalidInput: 400
        case .unauthorized: 401
        case .forbidden: 403
        case .notFound: 410          // the cloudControl API answers 410 Gone for unknown resources
        case .conflict: 409
        case .confirmOverwrite: 503  // the client asks the user and retries with force
        case .notImplemented: 501
        case .unavailable: 503
        case .internalError: 500
        }
    }

    public static func response(for error: ExoError) -> APIResponse {
        let status = status(for: error.code)
        switch error.code {
        case .invalidInput:
            return APIResponse(status: status, body: WireErrorBody.fieldErrors([error.field ?? "error": error.message]))
        case .internalError:
            return APIResponse(status: status, body: WireErrorBody.message("Internal server error."))
        default:
            return APIResponse(status: status, body: WireErrorBody.message(error.message))
        }
    }
}
