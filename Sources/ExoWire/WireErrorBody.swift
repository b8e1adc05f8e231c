import Foundation

/// Error bodies of the cloudControl API and the text pycclib shows for them.
///
/// 400 answers carry `{"field": "message", …}` (pycclib prints one `field: message` line per key);
/// every other error carries `{"error": "message"}` (pycclib's 503 handler prints the values of
/// such an object, each prefixed with `[ERROR] `, which the config-overwrite confirmation relies on).
public enum WireErrorBody {
    /// The body of a 400 answer.
    public static func fieldErrors(_ errors: [String: String]) -> [UInt8] {
        WireJSON.encode(errors)
    }

    /// The body of any other error answer.
    public static func message(_ text: String) -> [UInt8] {
        WireJSON.encode(["error": text])
    }

    /// The `{field: message}` pairs of a 400 body, sorted by field; empty when the body is not such an object.
    public static func fields(of body: [UInt8]) -> [(field: String, message: String)] {
        guard let object = jsonObject(body) as? [String: Any] else { return [] }
        return object.keys.sorted().map { key in (key, text(of: object[key] as Any)) }
    }

    /// The human text of an error body: the `error` value, the joined values of an object,
    /// the content of a JSON string, or the raw text.
    public static func text(of body: [UInt8]) -> String {
        switch jsonObject(body) {
        case let string as String:
            return string
        case let object as [String: Any]:
            if let error = object["error"] { return text(of: error) }
            return object.keys.sorted().map { text(of: object[$0] as Any) }.joined(separator: "\n")
        default:
            return String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    private static func text(of value: Any) -> String {
        switch value {
        case let string as String: return string
        case let list as [Any]: return list.map { text(of: $0) }.joined(separator: " ")
        default: return "\(value)"
        }
    }

    private static func jsonObject(_ body: [UInt8]) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
    }
}
