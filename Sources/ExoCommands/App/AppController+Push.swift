import Foundation
import ExoAPIClient
import ExoWire

extension AppController {
    /// `APP[/DEP] push [--deploy] [SOURCE]`: `git push <deployment.branch> <branch>`, creating the
    /// deployment first if needed; `--deploy` then deploys the newest version.
    func push(_ nameText: String, _ arguments: ParsedArguments) throws {
        let tools = Tools(config: config)
        guard let git = tools.find("git") else {
            throw CLIError.input(tools.find("bzr") == nil ? Messages.neitherBazaarNorGitFound : Messages.gitRequiredToPush)
        }
        let deploy = arguments.flag("deploy"), ship = arguments.flag("ship")
        if deploy && ship { throw CLIError.input(Messages.shipAndDeploy) }
        if ship || arguments.flag("clear_cache") {
            // Both need server parts exo does not have yet (deploy log tailing, ssh delete-cache).
            throw CLIError.input(Messages.commandNotImplemented)
        }
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let deployment = try deploymentForPush(name)
        let argv = AppPushCommand.argv(git: git, repository: deployment.branch, deployment: name.deploymentOrDefault,
                                    source: arguments["source"])
        var environment = ["GIT_TERMINAL_PROMPT": "0"]
        if let authorization = session.gitAuthorization() {
            // Passed as git config through the environment: never on argv (visible in ps), never prompted.
            environment["GIT_CONFIG_COUNT"] = "1"
            environment["GIT_CONFIG_KEY_0"] = "http.extraHeader"
            environment["GIT_CONFIG_VALUE_0"] = "Authorization: " + authorization
        }
        let status = try tools.runAttached(argv, extraEnvironment: environment)
        guard status == 0 else {
            // cctrl prints Python's CalledProcessError text on stdout and exits 1.
            console.print("Command '\(AppPushCommand.pythonList(argv))' returned non-zero exit status \(status)")
            throw CLIError.exit(1)
        }
        if deploy {
            console.print()
            console.print("Deploying newest version.")
            try redeploy(deployment)
        }
    }

    /// The deployment, created when it does not exist yet (410).
    private func deploymentForPush(_ name: AppDeploymentName) throws -> WireDeployment {
        do {
            return try session.api.readDeployment(app: name.app, deployment: name.deploymentOrDefault)
        } catch APIError.gone {
            do {
                return try session.api.createDeployment(app: name.app, name: name.deployment)
            } catch APIError.gone {
                throw CLIError.input(Messages.wrongApplication)
            } catch APIError.forbidden {
                throw CLIError.input(Messages.notAllowed)
            }
        }
    }
}

/// The git command line of `push` and cctrl's rendering of it in failure messages.
public enum AppPushCommand {
    /// `git [--git-dir=SOURCE/.git] push REPOSITORY BRANCH`; branch `master` feeds `default`.
    public static func argv(git: String, repository: String, deployment: String, source: String?) -> [String] {
        let branch = deployment == "default" ? "master" : deployment
        var argv = [git]
        if let source, !source.isEmpty {
            argv.append("--git-dir=" + (source.hasSuffix("/") ? source : source + "/") + ".git")
        }
        return argv + ["push", repository, branch]
    }

    /// Python's repr of a list of strings, as it appears in a CalledProcessError message.
    public static func pythonList(_ items: [String]) -> String {
        "[" + items.map { "'" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'" }
            .joined(separator: ", ") + "]"
    }
}
