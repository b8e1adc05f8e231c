/// The one error vocabulary of exo: a code that maps to an HTTP status, a message safe to show
/// the user, the form field it belongs to (for 400 field errors) and an internal cause for the log.
public struct ExoError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is; the API maps each code to exactly one HTTP status.
    public enum Code: String, Sendable {
        case invalidInput, unauthorized, forbidden, notFound, conflict,
             confirmOverwrite, notImplemented, unavailable, internalError
    }

    public var code: Code
    /// Safe to show the user.
    public var message: String
    /// For `.invalidInput`: the form field this message belongs to.
    public var field: String?
    /// Internal detail for the log; never sent to clients.
    public var cause: String?

    public init(code: Code, message: String, field: String? = nil, cause: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.cause = cause
    }

    /// A user-facing validation failure tied to one input field.
    public static func invalid(_ field: String, _ message: String) -> ExoError {
        ExoError(code: .invalidInput, message: message, field: field)
    }

    /// A validation failure not tied to one field.
    public static func invalid(_ message: String) -> ExoError {
        ExoError(code: .invalidInput, message: message)
    }

    public static func notFound(_ message: String) -> ExoError {
        ExoError(code: .notFound, message: message)
    }

    public static func conflict(_ message: String) -> ExoError {
        ExoError(code: .conflict, message: message)
    }

    public static func forbidden(_ message: String) -> ExoError {
        ExoError(code: .forbidden, message: message)
    }

    public static func unauthorized(_ message: String) -> ExoError {
        ExoError(code: .unauthorized, message: message)
    }

    public static func unavailable(_ message: String, cause: String? = nil) -> ExoError {
        ExoError(code: .unavailable, message: message, cause: cause)
    }

    public static func notImplemented(_ message: String) -> ExoError {
        ExoError(code: .notImplemented, message: message)
    }

    public static func confirmOverwrite(_ message: String) -> ExoError {
        ExoError(code: .confirmOverwrite, message: message)
    }

    public static func internalError(_ message: String, cause: String?) -> ExoError {
        ExoError(code: .internalError, message: message, cause: cause)
    }

    public var description: String {
        var text = "\(code.rawValue): \(message)"
        if let field { text += " [field \(field)]" }
        if let cause { text += " (cause: \(cause))" }
        return text
    }
}
