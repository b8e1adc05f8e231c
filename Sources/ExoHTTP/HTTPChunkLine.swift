/// The chunk-size line of chunked coding: 1*HEXDIG [ chunk-ext ] (RFC 9112 §7.1).
/// Strict on purpose: "0x5", "5 ", "+5", stray bytes in extensions are refused, since parsers that
/// disagree on chunk sizes are how chunked smuggling works.
enum HTTPChunkLine {
    static func parse(_ line: [UInt8]) throws(HTTPParseError) -> Int {
        var i = 0
        var size = 0
        while i < line.count, let digit = ASCII.hexValue(line[i]) {
            guard i < 15 else { throw .bad("chunk size too large") }
            size = size << 4 | digit
            i += 1
        }
        guard i > 0 else { throw .bad("invalid chunk size") }
        try validateExtensions(line, from: i)
        return size
    }

    /// chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token / quoted-string
    private static func validateExtensions(_ b: [UInt8], from start: Int) throws(HTTPParseError) {
        var i = start
        func skipBWS() { while i < b.count, b[i] == ASCII.sp || b[i] == ASCII.htab { i += 1 } }
        func token() -> Bool {
            let s = i
            while i < b.count, ASCII.isToken(b[i]) { i += 1 }
            return i > s
        }
        while i < b.count {
            skipBWS()   // BWS only counts before a ";": a bare "5 " is refused
            guard i < b.count, b[i] == UInt8(ascii: ";") else { throw .bad("invalid chunk extension") }
            i += 1
            skipBWS()
            guard token() else { throw .bad("invalid chunk extension name") }
            let beforeBWS = i
            skipBWS()
            if i < b.count, b[i] == UInt8(ascii: "=") {
                i += 1
                skipBWS()
                if i < b.count, b[i] == UInt8(ascii: "\"") {
                    try quotedString(b, &i)
                } else {
                    guard token() else { throw .bad("invalid chunk extension value") }
                }
            } else {
                i = beforeBWS
            }
        }
    }

    private static func quotedString(_ b: [UInt8], _ i: inout Int) throws(HTTPParseError) {
        i += 1
        while i < b.count {
            let c = b[i]
            i += 1
            if c == UInt8(ascii: "\"") { return }
            if c == UInt8(ascii: "\\") {
                guard i < b.count, ASCII.isFieldByte(b[i]) else { throw .bad("invalid quoted-pair") }
                i += 1
            } else if !ASCII.isFieldByte(c) {
                throw .bad("invalid byte in chunk extension")
            }
        }
        throw .bad("unterminated quoted string")
    }
}
