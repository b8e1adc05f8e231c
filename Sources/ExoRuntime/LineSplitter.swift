/// Splits a byte stream into lines (without "\n"); the final unterminated line comes from
/// `finish()`. Lines longer than `maxLength` are cut so one runaway writer cannot grow memory.
public struct LineSplitter: Sendable {
    public let maxLength: Int
    private var pending: [UInt8] = []

    public init(maxLength: Int = 65536) { self.maxLength = maxLength }

    /// Bytes of an unfinished line held back (not yet delivered).
    public var pendingCount: Int { pending.count }

    public mutating func feed(_ bytes: [UInt8]) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(String(decoding: pending, as: UTF8.self))
                pending.removeAll(keepingCapacity: true)
            } else {
                pending.append(byte)
                if pending.count >= maxLength {
                    lines.append(String(decoding: pending, as: UTF8.self))
                    pending.removeAll(keepingCapacity: true)
                }
            }
        }
        return lines
    }

    /// The last line if the stream did not end with a newline.
    public mutating func finish() -> String? {
        defer { pending = [] }
        return pending.isEmpty ? nil : String(decoding: pending, as: UTF8.self)
    }
}
