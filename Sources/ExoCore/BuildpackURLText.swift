/// A buildpack URL as Heroku writes it (`URL#branch`), split and checked the one way the CLI,
/// the API and the builder share: nothing git would read as an option (a leading "-" on the
/// URL or the branch), no spaces or control characters (they would also split the messages
/// that quote it), and whether it is a remote git URL or a local one.
public struct BuildpackURLText: Sendable, Equatable {
    public let url: String
    public let branch: String?

    /// Nil for an empty or malformed text.
    public init?(_ text: String) {
        var url = text
        var branch: String?
        if let hash = text.lastIndex(of: "#") {
            url = String(text[..<hash])
            branch = String(text[text.index(after: hash)...])
            if branch?.isEmpty == true { branch = nil }
        }
        guard !url.isEmpty, !url.hasPrefix("-"), branch?.hasPrefix("-") != true,
              text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return nil }
        self.url = url
        self.branch = branch
    }

    /// https://, http:// or git://: what the platform builds from.
    public var isRemote: Bool { ["https://", "http://", "git://"].contains { url.hasPrefix($0) } }

    /// file:// or a path: only for tests and operators (it reads the host's disk).
    public var isLocal: Bool { url.hasPrefix("file://") || url.hasPrefix("/") }
}
