import ExoAPIClient

extension AppController {
    /// `APP delete [-f]`: asks first (so a login prompt never follows the question), then deletes.
    func delete(_ nameText: String, force: Bool) throws {
        try session.requireToken()
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard try appExists(name.app) else { throw CLIError.input(Messages.wrongApplication) }
        guard name.deployment.isEmpty else { throw CLIError.input(Messages.deleteOnlyApplication) }
        guard force || confirm(Messages.deleteAppQuestion(name.app)) else {
            console.print(Messages.securityQuestionDenied)
            return
        }
        do {
            try session.api.deleteApp(name.app)
        } catch APIError.forbidden {
            throw CLIError.input(Messages.notAllowed)
        } catch APIError.badRequest {
            throw CLIError.input(Messages.cannotDeleteDeploymentExist)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongApplication)
        }
    }

    /// `APP[/DEP] undeploy [-f]`: deletes the deployment (default when none is named).
    func undeploy(_ nameText: String, force: Bool) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard try appExists(name.app) else { throw CLIError.input(Messages.wrongApplication) }
        // cctrl quotes the name as typed, e.g. 'hello' for the default deployment.
        guard force || confirm(Messages.undeployQuestion(nameText)) else {
            console.print(Messages.securityQuestionDenied)
            return
        }
        do {
            try session.api.deleteDeployment(app: name.app, deployment: name.deploymentOrDefault)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongDeployment)
        }
    }

    func appExists(_ app: String) throws -> Bool {
        try session.api.readApps().contains { $0.name == app }
    }

    /// The security question: only "yes" in any case confirms; end of input denies.
    func confirm(_ question: String) -> Bool {
        console.readLine(prompt: question)?.lowercased() == "yes"
    }
}
