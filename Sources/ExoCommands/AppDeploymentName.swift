/// `APP` or `APP/DEP` as cctrl's `parse_app_deployment_name` reads it: APP `^[a-z][a-z0-9]*$`,
/// DEP `^(?:[a-z0-9]+\.)*[a-z0-9]+$`; a bare APP leaves the deployment empty.
public struct AppDeploymentName: Sendable, Equatable {
    public var app: String
    /// Empty when only the app was named.
    public var deployment: String

    /// Which of cctrl's two messages a bad name gets: `run`, `rollback`, `create` and `deploy` use
    /// the specific one (with "[ERROR] "), every other command the generic one (without).
    public enum Failure: Sendable {
        case applicationName, appOrDeploymentName
    }

    public init(app: String, deployment: String) {
        self.app = app
        self.deployment = deployment
    }

    /// Parses `text`; nil when it is no valid name.
    public static func parse(_ text: String) -> AppDeploymentName? {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard isAppName(parts[0]) else { return nil }
        if parts.count == 1 { return AppDeploymentName(app: String(parts[0]), deployment: "") }
        guard isDeploymentName(parts[1]) else { return nil }
        return AppDeploymentName(app: String(parts[0]), deployment: String(parts[1]))
    }

    /// The deployment, `default` when none was named.
    public var deploymentOrDefault: String { deployment.isEmpty ? "default" : deployment }

    static func isAppName(_ text: Substring) -> Bool {
        guard let first = text.utf8.first, isLower(first) else { return false }
        return text.utf8.allSatisfy { isLower($0) || isDigit($0) }
    }

    static func isDeploymentName(_ text: Substring) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { isLower($0) || isDigit($0) } }
    }

    private static func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}

extension AppDeploymentName {
    /// Parses or throws the message cctrl prints for this kind of command.
    static func parse(_ text: String, failure: Failure) throws -> AppDeploymentName {
        if let name = parse(text) { return name }
        switch failure {
        case .applicationName: throw CLIError.input(Messages.invalidApplicationName)
        case .appOrDeploymentName: throw CLIError.message(Messages.invalidAppOrDeploymentName)
        }
    }
}
