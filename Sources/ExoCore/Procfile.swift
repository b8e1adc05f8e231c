/// A parsed Procfile: process types in file order, each with its shell command.
///
/// Parsing is strict about what cannot be run (a line without a colon, an empty command, a bad
/// name, a duplicate) and lenient about formatting (comments, blank lines, CRLF, spaces around
/// the colon), so a broken Procfile fails the push with the offending line instead of failing
/// later at deploy time.
public struct Procfile: Sendable, Equatable {
    /// One process type: `web: gunicorn app:app` → name "web", command "gunicorn app:app".
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var command: String

        public init(name: String, command: String) {
            self.name = name
            self.command = command
        }
    }

    public var processes: [Entry]

    public init(processes: [Entry]) { self.processes = processes }

    /// The command of the named process type, if the Procfile declares it.
    public func command(for name: String) -> String? {
        processes.first { $0.name == name }?.command
    }

    /// Whether a `web` process exists; exo requires one to route traffic to the app.
    public var hasWeb: Bool { command(for: "web") != nil }

    /// Parses Procfile text; the error message names the line number and its content.
    public static func parse(_ text: String) throws(ExoError) -> Procfile {
        var entries: [Entry] = []
        for (index, line) in ASCII.lines(text).enumerated() {
            let trimmed = trim(line[...])
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let lineNumber = index + 1
            // The first colon splits, so commands like `gunicorn app:app` keep theirs.
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw invalidLine(lineNumber, trimmed, "expected \"name: command\"")
            }
            let name = trim(trimmed[..<colon])
            let command = trim(trimmed[trimmed.index(after: colon)...])
            guard isValidName(name) else {
                throw invalidLine(lineNumber, trimmed, "process names may only contain A-Z, a-z, 0-9, '_' and '-'")
            }
            guard !command.isEmpty else {
                throw invalidLine(lineNumber, trimmed, "the command is empty")
            }
            guard !entries.contains(where: { $0.name == name }) else {
                throw invalidLine(lineNumber, trimmed, "process \"\(name)\" is declared twice")
            }
            entries.append(Entry(name: name, command: command))
        }
        return Procfile(processes: entries)
    }

    private static func invalidLine(_ number: Int, _ text: String, _ reason: String) -> ExoError {
        .invalid("Procfile", "Procfile line \(number) is invalid (\(reason)): \(text)")
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy {
            ASCII.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
        }
    }

    private static func trim(_ text: Substring) -> String {
        let bytes = Array(text.utf8)
        guard let start = bytes.firstIndex(where: { !ASCII.isSpace($0) }),
              let end = bytes.lastIndex(where: { !ASCII.isSpace($0) })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
