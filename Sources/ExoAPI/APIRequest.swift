import ExoController
import ExoCore
import ExoHTTP
import ExoWire
import Foundation

/// A decoded REST request: path parameters, form or JSON fields, and the caller once authenticated.
public struct APIRequest: Sendable {
    public var method: String
    public var path: String
    public var pathParameters: [String: String]
    public var fields: [String: String]
    public var query: [String: String]
    public var headers: HTTPHeaders

    public init(method: String, path: String, pathParameters: [String: String] = [:],
                fields: [String: String] = [:], query: [String: String] = [:], headers: HTTPHeaders = HTTPHeaders()) {
        self.method = method
        self.path = path
        self.pathParameters = pathParameters
        self.fields = fields
        self.query = query
        self.headers = headers
    }

    public func parameter(_ name: String) -> String { pathParameters[name] ?? "" }

    /// A field that must be present and non-empty; its absence is a 400 naming it.
    public func required(_ name: String) throws(ExoError) -> String {
        guard let value = fields[name], !value.isEmpty else { throw .invalid(name, "This field is required.") }
        return value
    }

    /// An optional integer field; a malformed one is a 400 naming it.
    public func optionalInt(_ name: String) throws(ExoError) -> Int? {
        guard let text = fields[name], !text.isEmpty else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalid(name, "Enter a whole number.")
        }
        return value
    }

    /// Body fields: `application/json` objects (the web console) or form-encoded (pycclib).
    static func decodeFields(body: [UInt8], contentType: String?) throws(ExoError) -> [String: String] {
        guard !body.isEmpty else { return [:] }
        if let contentType, contentType.lowercased().hasPrefix("application/json") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
                throw .invalid("body", "The request body is not a JSON object.")
            }
            var fields: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: fields[key] = text
                case let number as NSNumber: fields[key] = number.stringValue
                case is NSNull: continue
                default:
                    // Nested values travel as JSON strings, as pycclib sends them in forms.
                    if let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) {
                        fields[key] = String(decoding: data, as: UTF8.self)
                    }
                }
            }
            return fields
        }
        return FormEncoding.decode(body)
    }
}
