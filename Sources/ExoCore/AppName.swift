/// An application name: `^[a-z][a-z0-9]*$`, 1...30 characters (cctrl's rule; it is also the
/// first label of the app's hostname, hence no dots or dashes).
public struct AppName: ValidatedName {
    public let rawValue: String

    public static let maxLength = 30
    public static let invalidMessage = "Name may only contain a-z and 0-9 and must not start with a number."

    public init(_ text: String) throws(ExoError) {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, ASCII.isLower(first), bytes.allSatisfy(ASCII.isLowerOrDigit) else {
            throw .invalid("name", Self.invalidMessage)
        }
        guard bytes.count <= Self.maxLength else {
            throw .invalid("name", "Name must be at most \(Self.maxLength) characters long.")
        }
        rawValue = text
    }
}
