/// A user name: `^[a-zA-Z0-9_.-]{1,30}$`. It appears in URLs (`/user/NAME/`) and as the git
/// HTTP user, so it is kept to characters that need no escaping there.
public struct UserName: ValidatedName {
    public let rawValue: String

    public static let maxLength = 30
    public static let invalidMessage =
        "Username may only contain a-z, A-Z, 0-9, '_', '.' and '-' and must be 1 to 30 characters long."

    public init(_ text: String) throws(ExoError) {
        let bytes = Array(text.utf8)
        let allowed = bytes.allSatisfy {
            ASCII.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard !bytes.isEmpty, bytes.count <= Self.maxLength, allowed else {
            throw .invalid("username", Self.invalidMessage)
        }
        rawValue = text
    }
}
