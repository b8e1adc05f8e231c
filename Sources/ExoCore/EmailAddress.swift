/// An email address, checked only for shape (one "@", non-empty local part and domain, no
/// whitespace or control characters, at most 254 bytes): deliverability is proven by activation.
public struct EmailAddress: ValidatedName {
    public let rawValue: String

    public static let maxLength = 254
    public static let invalidMessage = "Enter a valid email address."

    public init(_ text: String) throws(ExoError) {
        let bytes = Array(text.utf8)
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard bytes.count <= Self.maxLength, parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty,
              !bytes.contains(where: { ASCII.isSpace($0) || $0 < 0x20 || $0 == 0x7F })
        else {
            throw .invalid("email", Self.invalidMessage)
        }
        rawValue = text
    }
}
