/// Byte-level character classes for the name validators. Names are ASCII by definition, so
/// checking UTF-8 bytes avoids both Regex (not Sendable as a literal) and Unicode surprises
/// such as "é" counting as a letter.
enum ASCII {
    static func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    static func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    static func isLowerOrDigit(_ b: UInt8) -> Bool { isLower(b) || isDigit(b) }
    static func isAlnum(_ b: UInt8) -> Bool { isLower(b) || isUpper(b) || isDigit(b) }
    static func isSpace(_ b: UInt8) -> Bool {
        b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n")
            || b == UInt8(ascii: "\r") || b == 0x0B || b == 0x0C
    }
}

/// Shared Codable plumbing for the validated string wrappers: they encode as a bare string
/// and re-validate on decode, so an invalid value can never enter through JSON.
public protocol ValidatedName: Hashable, Sendable, Codable, CustomStringConvertible {
    var rawValue: String { get }
    init(_ text: String) throws(ExoError)
}

extension ValidatedName {
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        try self.init(text)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension ASCII {
    /// Splits text into lines on "\n", dropping one trailing "\r" per line. Splitting a String
    /// by Character would not work: "\r\n" is a single grapheme, so CRLF files never split.
    static func lines(_ text: String) -> [String] {
        text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            let bytes = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
