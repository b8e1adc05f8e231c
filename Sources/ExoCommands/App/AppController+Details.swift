import ExoAPIClient
import ExoWire
import Foundation

extension AppController {
    /// `APP details` / `APP/DEP details`.
    func details(_ nameText: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        if name.deployment.isEmpty {
            let (app, users) = try appWithUsers(name.app)
            console.write(AppOutput.appDetails(app, users: users, publicKey: publicKey(of: app)))
        } else {
            let (deployment, users) = try deploymentWithUsers(name)
            console.write(AppOutput.deploymentDetails(deployment, users: users))
        }
    }

    /// `APP[/DEP] user`: the collaborator table alone.
    func users(_ nameText: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let users = name.deployment.isEmpty ? try appWithUsers(name.app).1 : try deploymentWithUsers(name).1
        console.write("Users\n" + AppOutput.userTable(users))
    }

    /// The app and its collaborators: app-level ones, then (only if those are visible) each
    /// deployment's, tagged with the deployment name.
    private func appWithUsers(_ appName: String) throws -> (WireApp, [AppOutput.UserRow]) {
        do {
            let app = try session.api.readApp(appName)
            var rows = app.users.map { AppOutput.UserRow(username: $0.username, email: $0.email, role: $0.role, deployment: "(app)") }
            if !app.users.isEmpty {
                do {
                    for deployment in app.deployments {
                        guard let parsed = AppDeploymentName.parse(deployment.name) else {
                            throw CLIError.message(Messages.invalidAppOrDeploymentName)
                        }
                        let users = try session.api.readDeploymentUsers(app: parsed.app, deployment: parsed.deployment)
                        rows += users.map { AppOutput.UserRow(username: $0.username, email: $0.email, role: $0.role, deployment: parsed.deployment) }
                    }
                } catch APIError.notImplemented {
                    // Older API servers have no deployment users.
                } catch APIError.badRequest {
                }
            }
            return (app, rows)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongApplication)
        }
    }

    /// The deployment and its collaborators: app-level ones ("(app)") first when visible.
    private func deploymentWithUsers(_ name: AppDeploymentName) throws -> (WireDeployment, [AppOutput.UserRow]) {
        do {
            let deployment = try session.api.readDeployment(app: name.app, deployment: name.deployment)
            var rows: [AppOutput.UserRow] = []
            do {
                rows = try session.api.readAppUsers(name.app).map {
                    AppOutput.UserRow(username: $0.username, email: $0.email, role: $0.role, deployment: "(app)")
                }
            } catch APIError.unauthorized {
            } catch APIError.forbidden {
            } catch APIError.notImplemented {
                // Not everyone may see the app's users.
            }
            rows += deployment.users.map {
                AppOutput.UserRow(username: $0.username, email: $0.email, role: $0.role, deployment: deployment.name)
            }
            return (deployment, rows)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongDeployment)
        }
    }

    /// The app's public key from `ssh [-p PORT] USER@HOST get-public-key` on the repository host;
    /// cctrl's fallback text when the repository is not an ssh URL or ssh fails.
    func publicKey(of app: WireApp) -> String {
        guard let url = URLComponents(string: app.repository), url.scheme == "ssh", let host = url.host,
              let ssh = Tools(config: config).find("ssh") else { return Messages.publicKeyNotAvailable }
        var argv = [ssh, "-o", "BatchMode=yes", "-o", "ConnectTimeout=5"]
        if let port = url.port { argv += ["-p", String(port)] }
        argv += ["--", (url.user.map { $0 + "@" } ?? "") + host, "get-public-key"]
        guard let result = try? Tools(config: config).capture(argv), result.status == 0 else {
            return Messages.publicKeyNotAvailable
        }
        return result.stdout
    }
}
