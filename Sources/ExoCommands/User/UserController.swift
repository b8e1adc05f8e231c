import ExoAPIClient

/// Runs the `exouser` commands (cctrl's `UserController`).
struct UserController {
    let session: Session
    var console: any Console { session.console }

    func run(_ command: String, arguments: ParsedArguments) throws {
        switch command {
        case "create": try session.authenticated { try create(arguments) }
        case "activate": try session.authenticated { try activate(arguments) }
        case "logout": session.clearToken()
        case "checktoken": try session.authenticated { try checkToken() }
        case "delete": try session.authenticated { try delete(force: arguments.flag("force")) }
        default:
            // Parsed like cctrl; keys, setup and add-on registration are not served by exo yet.
            throw CLIError.input(Messages.commandNotImplemented)
        }
    }

    /// `create --name N --email E --password P`, or interactively when any is missing.
    private func create(_ arguments: ParsedArguments) throws {
        session.clearToken()
        let name: String, email: String, password: String
        if let n = arguments["name"], let e = arguments["email"], let p = arguments["password"] {
            (name, email, password) = (n, e, p)
        } else {
            guard let n = console.readLine(prompt: "Username: ") else { throw CLIError.exit(1) }
            console.writeError(session.config.loginPrompt)
            guard let e = console.readLine(prompt: "") else { throw CLIError.exit(1) }
            guard let p = try newPassword() else { return }
            (name, email, password) = (n, e, p)
        }
        do {
            try session.api.createUser(name: name, email: email, password: password)
        } catch APIError.notImplemented {
            throw CLIError.input(Messages.commandNotImplemented)
        }
        console.print(Messages.userCreatedNowCheckEmail)
    }

    /// Three tries at typing the same password twice; nil (a silent end, like cctrl) after that.
    private func newPassword() throws -> String? {
        for _ in 0..<3 {
            guard let first = console.readSecret(prompt: "Password: "),
                  let second = console.readSecret(prompt: "Password (again): ") else { throw CLIError.exit(1) }
            if first == second { return first }
            console.printError(Messages.passwordsDontMatch)
        }
        return nil
    }

    /// `activate USER_NAME ACTIVATION_CODE`.
    private func activate(_ arguments: ParsedArguments) throws {
        session.clearToken()
        do {
            try session.api.activateUser(arguments["user_name"] ?? "", activationCode: arguments["activation_code"] ?? "")
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongUsername)
        }
    }

    /// `delete [-f]`: only without apps; unlike `exoapp delete`, a "no" is an error here (cctrl).
    private func delete(force: Bool) throws {
        guard try session.api.readApps().isEmpty else { throw CLIError.input(Messages.deleteAppsBeforeUser) }
        guard let user = try session.api.readUsers().first else { throw CLIError.input(Messages.wrongUsername) }
        guard force || console.readLine(prompt: Messages.deleteUserQuestion)?.lowercased() == "yes" else {
            throw CLIError.input(Messages.securityQuestionDenied)
        }
        do {
            try session.api.deleteUser(user.username)
        } catch APIError.forbidden {
            throw CLIError.input(Messages.deleteAppsBeforeUser)
        }
        session.clearToken()
    }

    /// `checktoken`: exit 0 when a saved token works, 1 when there is none.
    private func checkToken() throws {
        do {
            _ = try session.api.readUsers()
        } catch APIError.tokenRequired {
            throw CLIError.exit(1)
        }
    }
}
