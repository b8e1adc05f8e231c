import ExoCore
import Foundation

/// The rules of the config add-on's variables: key syntax, how a change (values to set, nulls
/// to remove) applies, and when an overwrite needs the user's confirmation.
public enum ConfigVars {
    /// The add-on option that holds config vars (spec §3).
    public static let addon = "config.free"
    public static let settingsKey = "CONFIG_VARS"

    /// A change as the client sends it: key → new value, or nil to remove the key.
    public typealias Change = [String: String?]

    /// `^[A-Za-z_][A-Za-z0-9_]*$`: a name every shell and buildpack can use as a variable.
    public static func validate(key: String) throws(ExoError) {
        let bytes = Array(key.utf8)
        let valid = !bytes.isEmpty && !ASCIIDigit.contains(bytes[0])
            && bytes.allSatisfy { ASCIIDigit.contains($0) || (65...90).contains($0) || (97...122).contains($0) || $0 == 95 }
        guard valid else {
            throw .invalid("settings", "Invalid config variable name '\(key)': use letters, digits and underscores, not starting with a digit.")
        }
    }

    private static let ASCIIDigit: ClosedRange<UInt8> = 48...57

    /// Parses the client's JSON object (`{"K": "V", "GONE": null}`). Bare keys arrive as `true`;
    /// numbers and booleans are kept in their JSON spelling.
    public static func parseChange(_ json: String, field: String) throws(ExoError) -> Change {
        let table: [String: ChangeValue]
        do {
            table = try JSONDecoder().decode([String: ChangeValue].self, from: Data(json.utf8))
        } catch {
            throw .invalid(field, "Give the variables as a JSON object of names and string values.")
        }
        var change: Change = [:]
        for (key, value) in table {
            try validate(key: key)
            if value.text != nil { try validate(key: key, value: value.text ?? "") }
            change[key] = .some(value.text)
        }
        return change
    }

    /// Variables the platform sets itself: a config var of that name would be silently overridden.
    public static let reserved: Set<String> = ["PORT", "HOME", "PATH", "CRED_FILE", "DEP_VERSION", "DEP_NAME", "DEP_ID",
                                               "WRK_ID", "DOMAIN", "PAAS_VENDOR", "TMPDIR", "TMP_DIR", "HOSTNAME"]
    /// One environment string may not exceed 128 KiB (Linux MAX_ARG_STRLEN); stay well below.
    public static let maxValueBytes = 64 * 1024

    /// A value must be deliverable as an environment variable: no NUL byte, not too long, and
    /// not for a name the platform owns.
    static func validate(key: String, value: String) throws(ExoError) {
        guard !reserved.contains(key) else {
            throw .invalid("settings", "\(key) is set by the platform and cannot be a config variable.")
        }
        guard !value.utf8.contains(0) else {
            throw .invalid("settings", "The value of \(key) contains a NUL byte, which no environment variable can hold.")
        }
        guard value.utf8.count <= maxValueBytes else {
            throw .invalid("settings", "The value of \(key) is \(value.utf8.count) bytes; at most \(maxValueBytes) fit in an environment variable.")
        }
    }

    /// A value in a change: a string, null (remove), or a bool/number kept as its JSON spelling.
    private struct ChangeValue: Decodable {
        var text: String?

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = nil
            } else if let string = try? container.decode(String.self) {
                text = string
            } else if let bool = try? container.decode(Bool.self) {
                text = bool ? "true" : "false"
            } else if let int = try? container.decode(Int.self) {
                text = String(int)
            } else {
                text = String(try container.decode(Double.self))
            }
        }
    }

    /// Applies a change. Setting a key that holds a different value needs `force`; otherwise
    /// the answer is `.confirmOverwrite` naming the keys (the CLI asks and retries with force).
    /// Removing a key that is not set is not an error.
    public static func apply(_ change: Change, to current: [String: String], force: Bool) throws(ExoError) -> [String: String] {
        let clashes = change.compactMap { key, value -> String? in
            guard let value, let existing = current[key], existing != value else { return nil }
            return key
        }.sorted()
        if !clashes.isEmpty && !force {
            let names = clashes.joined(separator: ", ")
            throw .confirmOverwrite(clashes.count == 1 ? "The config variable \(names) is already set."
                                                      : "The config variables \(names) are already set.")
        }
        var next = current
        for (key, value) in change { next[key] = value }
        return next
    }
}
