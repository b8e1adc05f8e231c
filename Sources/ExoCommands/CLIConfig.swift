/// The CLIs' configuration, read once from the environment at the edge (STYLE rule 3).
public struct CLIConfig: Sendable {
    public static let defaultAPIURL = "http://127.0.0.1:8000"
    public static let version = "1.16.1"
    public static let pycclibVersion = "1.6.2"

    /// `EXO_API_URL`.
    public var apiURL: String
    /// `EXO_HOME`, else `~/.exo`: holds token.json and user.cfg.
    public var homePath: String
    /// `EXO_EMAIL` / `EXO_PASSWORD`: non-interactive login.
    public var email: String?
    public var password: String?
    /// The environment handed to git and ssh.
    public var environment: [String: String]
    public var loginPrompt = "Email or Organization ID: "
    /// Attempts and delay for an unreachable API (pycclib: 5 and 1 s); `EXO_API_ATTEMPTS` overrides.
    public var apiAttempts = 5
    public var apiRetryDelay = 1.0

    public init(apiURL: String = CLIConfig.defaultAPIURL, homePath: String, email: String? = nil,
                password: String? = nil, environment: [String: String] = [:]) {
        self.apiURL = apiURL
        self.homePath = homePath
        self.email = email
        self.password = password
        self.environment = environment
    }

    public static func fromEnvironment(_ env: [String: String]) -> CLIConfig {
        let home = env["EXO_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? "/root") + "/.exo")
        let url = env["EXO_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAPIURL
        var config = CLIConfig(apiURL: url, homePath: home, email: env["EXO_EMAIL"], password: env["EXO_PASSWORD"],
                               environment: env)
        if let attempts = env["EXO_API_ATTEMPTS"].flatMap({ Int($0) }), attempts > 0 { config.apiAttempts = attempts }
        return config
    }

    public var tokenPath: String { homePath + "/token.json" }
    public var userConfigPath: String { homePath + "/user.cfg" }
}
