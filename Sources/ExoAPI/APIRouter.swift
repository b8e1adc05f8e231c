import ExoController
import ExoCore

/// Who is calling: resolved from the `Authorization` header only when a route needs it.
public typealias Authenticate = @Sendable (APIRequest) throws -> Principal

/// A REST route handler: decode, call one service method, encode.
public typealias APIHandler = @Sendable (APIRequest, Authenticate) throws -> APIResponse

/// Matches method + path patterns like `/app/{app}/deployment/{dep}/` to handlers.
public struct APIRouter: Sendable {
    struct Entry: Sendable {
        var method: String
        var segments: [String]
        var handler: APIHandler
    }

    private var entries: [Entry] = []

    public init() {}

    public mutating func add(_ method: String, _ pattern: String, _ handler: @escaping APIHandler) {
        entries.append(Entry(method: method, segments: Self.segments(of: pattern), handler: handler))
    }

    /// The handler and path parameters for a request; `nil` handler with `pathKnown` means 405.
    public func match(method: String, path: String) -> (handler: APIHandler?, parameters: [String: String], pathKnown: Bool) {
        let parts = Self.segments(of: path)
        var pathKnown = false
        for entry in entries {
            guard let parameters = Self.bind(entry.segments, to: parts) else { continue }
            pathKnown = true
            if entry.method == method { return (entry.handler, parameters, true) }
        }
        return (nil, [:], pathKnown)
    }

    static func segments(of path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    static func bind(_ pattern: [String], to parts: [String]) -> [String: String]? {
        guard pattern.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (expected, actual) in zip(pattern, parts) {
            if expected.hasPrefix("{") && expected.hasSuffix("}") {
                parameters[String(expected.dropFirst().dropLast())] = actual
            } else if expected != actual {
                return nil
            }
        }
        return parameters
    }
}
