/// Byte classes of RFC 9110 §5.6 used by the parser; table lookups keep the hot loop branch-light.
enum ASCII {
    static let cr: UInt8 = 13, lf: UInt8 = 10, sp: UInt8 = 32, htab: UInt8 = 9, colon: UInt8 = 58

    static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }

    /// tchar: "!#$%&'*+-.^_`|~" / DIGIT / ALPHA, as a 128-bit set (two words, no global table to
    /// initialise lazily on the hot path).
    private static let tokenLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    @inline(__always)
    static func isToken(_ b: UInt8) -> Bool {
        b < 64 ? (tokenLow >> UInt64(b)) & 1 == 1 : b < 128 && (tokenHigh >> UInt64(b - 64)) & 1 == 1
    }

    static func isTokenString<C: Collection<UInt8>>(_ bytes: C) -> Bool {
        !bytes.isEmpty && bytes.allSatisfy(isToken)
    }

    /// field-vchar / SP / HTAB: everything but CTLs (NUL, CR, LF, DEL, ...).
    static func isFieldByte(_ b: UInt8) -> Bool { b == htab || (b >= 0x20 && b != 0x7F) }

    static func isDigit(_ b: UInt8) -> Bool { b >= 48 && b <= 57 }

    static func hexValue(_ b: UInt8) -> Int? {
        switch b {
        case 48...57: Int(b - 48)
        case 65...70: Int(b - 55)
        case 97...102: Int(b - 87)
        default: nil
        }
    }
}
