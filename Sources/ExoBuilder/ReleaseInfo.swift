import ExoCore
import Foundation

/// What `bin/release` reports, from the small YAML subset buildpacks actually print:
/// top-level keys, and `default_process_types` as an indented block of `name: command` lines
/// (or `{}`). Anything else is skipped rather than rejected, like Heroku's tolerant readers.
public struct ReleaseInfo: Sendable, Equatable {
    public var defaultProcessTypes: [Procfile.Entry]

    public init(defaultProcessTypes: [Procfile.Entry] = []) {
        self.defaultProcessTypes = defaultProcessTypes
    }

    public static func parse(_ text: String) -> ReleaseInfo {
        var processes: [Procfile.Entry] = []
        var inProcessTypes = false
        // "\r\n" is one Character in Swift, so split on isNewline rather than on "\n".
        for rawLine in text.split(whereSeparator: \.isNewline) {
            let line = String(rawLine)
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") || trimmed == "---" { continue }
            let indented = line.first == " " || line.first == "\t"
            if !indented {
                inProcessTypes = false
                guard let (key, value) = splitKeyValue(trimmed) else { continue }
                inProcessTypes = key == "default_process_types" && value.isEmpty
                continue
            }
            guard inProcessTypes, let (name, command) = splitKeyValue(trimmed), !command.isEmpty else { continue }
            processes.append(Procfile.Entry(name: unquote(name), command: unquote(command)))
        }
        return ReleaseInfo(defaultProcessTypes: processes)
    }

    /// `key: value` split at the first colon followed by a space or the end of line.
    private static func splitKeyValue(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = String(line[..<colon]).trimmingSpaces()
        let value = String(line[line.index(after: colon)...]).trimmingSpaces()
        return key.isEmpty ? nil : (key, value)
    }

    private static func unquote(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else {
            return text
        }
        let inner = String(text.dropFirst().dropLast())
        return first == "'" ? inner.replacingOccurrences(of: "''", with: "'")
                            : inner.replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
