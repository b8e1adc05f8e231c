import ExoWire

/// The texts of `exoapp -l`, `APP details` and `APP/DEP details` (cctrl's `output.py`), line for line.
public enum AppOutput {
    /// A collaborator row: `deployment` is "(app)" for app-level users, else the deployment.
    public struct UserRow: Sendable, Equatable {
        public var username: String
        public var email: String
        public var role: String
        public var deployment: String

        public init(username: String, email: String, role: String, deployment: String) {
            self.username = username
            self.email = email
            self.role = role
            self.deployment = deployment
        }
    }

    public static func appList(_ apps: [WireApp]) -> String {
        var lines = ["Apps", " " + [PyFormat.left("Nr", 3), PyFormat.left("Name", 30), PyFormat.left("Type", 6)].joined(separator: " ")]
        for (index, app) in apps.enumerated() {
            lines.append(" " + [PyFormat.right(index + 1, 3), PyFormat.left(app.name, 30), PyFormat.left(app.type.name, 6)]
                .joined(separator: " "))
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// `publicKey` is printed verbatim (the ssh output keeps its newline, as in cctrl).
    public static func appDetails(_ app: WireApp, users: [UserRow], publicKey: String) -> String {
        var out = "App\n"
        out += " Name: \(PyFormat.left(app.name, 30)) Type: \(PyFormat.left(app.type.name, 10)) Owner: \(PyFormat.left(app.owner?.username ?? "", 20))\n"
        if app.type.name == "custom" {
            out += " Buildpack URL: \(app.buildpackURL ?? "None")\n\n"
        }
        out += " Repository: \(app.repository)\n"
        out += "\n Public Key: \(publicKey)\n"
        out += "\n Users\n"
        out += userTable(users)
        out += "\n Deployments\n"
        for deployment in app.deployments {
            out += "   \(PyFormat.left(deployment.name, 60))\n"
        }
        return out
    }

    public static func deploymentDetails(_ deployment: WireDeployment, users: [UserRow]) -> String {
        var out = "Deployment\n"
        out += " name: \(deployment.name)\n"
        out += " stack: \(deployment.stack.name.isEmpty ? "None" : deployment.stack.name)\n"
        out += " URL: http://\(deployment.defaultSubdomain)\n"
        out += " branch: \(deployment.branch)\n"
        out += " last modified: \(deployment.dateModified)\n"
        out += " current version: \(deployment.version)\n"
        out += " current state: \(deployment.state)\n"
        out += " containers: \(deployment.minBoxes)\n"
        out += " memory: \(deployment.maxBoxes * 128)MB\n"
        if !users.isEmpty {
            out += "\n Users\n"
            out += userTable(users)
        }
        return out
    }

    static func userTable(_ users: [UserRow]) -> String {
        var out = userRow("Name", "Email", "Role", "Deployment")
        for user in users {
            out += userRow(user.username, user.email, user.role, user.deployment)
        }
        return out
    }

    private static func userRow(_ name: String, _ email: String, _ role: String, _ deployment: String) -> String {
        "   \(PyFormat.left(name, 15)) \(PyFormat.left(email, 35)) \(PyFormat.left(role, 10)) \(PyFormat.left(deployment, 10))\n"
    }
}
