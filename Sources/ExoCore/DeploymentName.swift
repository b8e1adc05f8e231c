/// A deployment name: `^(?:[a-z0-9]+\.)*[a-z0-9]+$`, 1...32 characters. Each deployment is fed by
/// the git branch of the same name, except `default`, which is fed by `master`.
public struct DeploymentName: ValidatedName {
    public let rawValue: String

    public static let maxLength = 32
    public static let invalidMessage = "The application or deployment name is invalid."
    /// The deployment every app gets first; fed by branch `master`.
    public static let `default` = DeploymentName(unchecked: "default")
    static let defaultBranch = "master"

    public init(_ text: String) throws(ExoError) {
        guard Self.isValid(text) else { throw .invalid("name", Self.invalidMessage) }
        rawValue = text
    }

    /// Maps a git branch (`master`, `dev`, or a full `refs/heads/…` ref) to its deployment;
    /// nil when the branch cannot name a deployment (so pushes to it build nothing).
    public init?(branch: String) {
        let name = branch.hasPrefix("refs/heads/") ? String(branch.dropFirst("refs/heads/".count)) : branch
        if name == Self.defaultBranch {
            self = .default
        } else if name != Self.default.rawValue, Self.isValid(name) {
            // `default` as a branch name would alias master's deployment, so it maps to none.
            rawValue = name
        } else {
            return nil
        }
    }

    private init(unchecked: String) { rawValue = unchecked }

    /// The git branch whose pushes build this deployment.
    public var branch: String { self == .default ? Self.defaultBranch : rawValue }

    public var isDefault: Bool { self == .default }

    static func isValid(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        // Dot-separated non-empty labels of [a-z0-9].
        var labelLength = 0
        for b in bytes {
            if b == UInt8(ascii: ".") {
                guard labelLength > 0 else { return false }
                labelLength = 0
            } else if ASCII.isLowerOrDigit(b) {
                labelLength += 1
            } else {
                return false
            }
        }
        return labelLength > 0
    }
}
