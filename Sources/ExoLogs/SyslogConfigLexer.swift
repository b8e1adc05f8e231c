/// Splitting rsyslog configuration text into statements, words and `name(key="value" …)` calls.
extension SyslogConfigParser {
    struct Statement {
        var line: Int
        var text: String
    }

    /// Non-empty, non-comment lines, trimmed; a call such as `action(` continues until its `)`.
    static func statements(of text: String) -> [Statement] {
        var result: [Statement] = []
        var pending: Statement?
        var depth = 0
        // "\r\n" is one Character in Swift: split on newline characters, not on "\n".
        for (index, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmedBlanks
            if pending == nil && (line.isEmpty || line.hasPrefix("#")) { continue }
            var statement = pending ?? Statement(line: index + 1, text: "")
            statement.text += statement.text.isEmpty ? line : " " + line
            depth += parenthesisBalance(line)
            if depth > 0 {
                pending = statement
            } else {
                result.append(statement)
                pending = nil
                depth = 0
            }
        }
        if let pending { result.append(pending) }
        return result
    }

    /// Opening minus closing parentheses outside double quotes.
    static func parenthesisBalance(_ line: String) -> Int {
        var balance = 0
        var quoted = false
        var escaped = false
        for character in line {
            if escaped { escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle()
            case "(" where !quoted: balance += 1
            case ")" where !quoted: balance -= 1
            default: break
            }
        }
        return balance
    }

    /// The first word and the trimmed rest.
    static func splitWord(_ text: String) -> (String, String) {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
        return (String(text[..<space]), String(text[space...]).trimmedBlanks)
    }

    /// `name(key="value" key2=value …)` with lower-cased keys, or nil when `text` is not a call.
    static func functionCall(_ text: String) -> (name: String, parameters: [String: String])? {
        guard let open = text.firstIndex(of: "("), text.hasSuffix(")") else { return nil }
        let name = text[..<open].trimmedBlanks.lowercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter }) else { return nil }
        var parameters: [String: String] = [:]
        var rest = Substring(text[text.index(after: open)..<text.index(before: text.endIndex)])
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmedBlanks.lowercased()
            rest = rest[rest.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = ""
            if rest.hasPrefix("\"") {
                rest = rest.dropFirst()
                var escaped = false
                while let character = rest.first {
                    rest = rest.dropFirst()
                    if escaped { value.append(character); escaped = false; continue }
                    if character == "\\" { escaped = true; continue }
                    if character == "\"" { break }
                    value.append(character)
                }
            } else {
                value = String(rest.prefix { $0 != " " && $0 != "\t" })
                rest = rest.dropFirst(value.count)
            }
            parameters[key] = value
        }
        return (name, parameters)
    }

    /// At most 60 characters of user text for a message.
    static func excerpt(_ text: String) -> String {
        text.count <= 60 ? text : String(text.prefix(57)) + "..."
    }
}

extension StringProtocol {
    var trimmedBlanks: String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !blank($0) }), let last = lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
