/// A user name: `^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,29}$`. It appears in URLs (`/user/NAME/`) and as
/// the git HTTP user, so it is kept to characters that need no escaping there, and starts with a
/// letter or digit so that names like `.` or `..` cannot read as path segments.
public struct UserName: ValidatedName {
    public let rawValue: String

    public static let maxLength = 30
    public static let invalidMessage =
        "Username may only contain a-z, A-Z, 0-9, '_', '.' and '-', must start with a letter or digit and be 1 to 30 characters long."

    public init(_ text: String) throws(ExoError) {
        let bytes = Array(text.utf8)
        let allowed = bytes.allSatisfy {
            ASCII.isAlnum($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
        guard let first = bytes.first, ASCII.isAlnum(first), bytes.count <= Self.maxLength, allowed else {
            throw .invalid("username", Self.invalidMessage)
        }
        rawValue = text
    }
}
