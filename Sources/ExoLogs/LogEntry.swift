/// One log entry: when (whole microseconds since the epoch, unique and increasing within one log,
/// so `newer than T` never loses or repeats an entry) and the type's fields as text.
public struct LogEntry: Sendable, Equatable, Codable {
    public var time: Int64
    public var fields: [String: String]

    public init(time: Int64, fields: [String: String]) {
        self.time = time
        self.fields = fields
    }

    // Short keys on disk: one JSON object per line, written often.
    enum CodingKeys: String, CodingKey {
        case time = "t"
        case fields = "f"
    }
}

/// Splits text longer than a limit into pieces at UTF-8 character boundaries, so long lines are
/// kept whole across several entries instead of being cut.
public enum MessageSplitter {
    public static let maxBytes = 10_000

    public static func split(_ text: String, maxBytes: Int = MessageSplitter.maxBytes) -> [String] {
        guard text.utf8.count > maxBytes else { return [text] }
        var pieces: [String] = []
        var current = ""
        var size = 0
        for character in text.unicodeScalars {
            let length = String(character).utf8.count
            if size + length > maxBytes {
                pieces.append(current)
                current = ""
                size = 0
            }
            current.unicodeScalars.append(character)
            size += length
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
