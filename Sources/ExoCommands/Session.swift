import ExoAPIClient
import ExoWire

/// The authenticated API conversation of one CLI run: cctrl's `execute_command` loop. A command
/// that meets a missing or rejected token makes the session log in (environment, user.cfg or
/// prompt) and runs again from the start.
final class Session {
    var api: APIClient
    let config: CLIConfig
    let console: any Console
    let store: TokenStore
    /// Logins before giving up, so a server that keeps answering 401 cannot loop us forever.
    private var loginsLeft = 3

    init(config: CLIConfig, console: any Console, transport: any APITransport) {
        self.config = config
        self.console = console
        store = TokenStore(config: config)
        api = APIClient(baseURL: config.apiURL, transport: transport, token: store.read(),
                        attempts: config.apiAttempts, retryDelay: config.apiRetryDelay)
    }

    /// Runs `command`, logging in and re-running it while the API wants a (new) token.
    func authenticated(_ command: () throws -> Void) throws {
        while true {
            do {
                try command()
                return
            } catch APIError.tokenRequired {
                try login()
            } catch APIError.unauthorized {
                try login()
            }
        }
    }

    /// Throws `tokenRequired` unless a token is at hand (cctrl asks before destructive prompts).
    func requireToken() throws {
        if api.token == nil { throw APIError.tokenRequired }
    }

    /// Forgets the token (logout, and before create/activate like cctrl).
    func clearToken() {
        api.token = nil
        store.delete()
    }

    /// The basic credentials git uses against exo's smart-HTTP endpoint: any user name with the API token.
    func gitAuthorization() -> String? {
        guard let token = api.token else { return nil }
        return APIClient.basicAuthorization(user: config.email ?? store.savedEmail() ?? "token", password: token.token)
    }

    private func login() throws {
        guard loginsLeft > 0 else { throw CLIError.message(Messages.notAuthorized) }
        loginsLeft -= 1
        let email = try config.email ?? store.savedEmail() ?? promptEmail()
        guard let password = config.password ?? console.readSecret(prompt: "Password: ") else {
            throw CLIError.exit(1)
        }
        do {
            try api.createToken(email: email, password: password)
        } catch {
            // cctrl: with a password given, any failure to get a token is an authorization failure.
            throw CLIError.message(Messages.notAuthorized)
        }
        if let token = api.token { try store.write(token) }
    }

    private func promptEmail() throws -> String {
        console.writeError(config.loginPrompt)
        guard let email = console.readLine(prompt: "") else { throw CLIError.exit(1) }
        try store.saveEmail(email)
        return email
    }

    /// cctrl's `shutdown`: keep the token on disk if there is one, else remove the file.
    func finish() {
        if let token = api.token {
            try? store.write(token)
        } else {
            store.delete()
        }
    }
}
