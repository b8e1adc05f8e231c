import ExoAPIClient

/// `alias`, `alias.add`, `alias.remove` (cctrl's `showAlias`, `addAlias`, `removeAlias`).
extension AppController {
    func alias(_ nameText: String, alias: String?) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let requests = AddonRequests(api: session.api)
        guard let alias, !alias.isEmpty else {
            let list = try requests.json("GET", requests.path(name.app, name.deploymentOrDefault, in: "alias"))
            console.write(AliasOutput.list(list as? [[String: Any]] ?? []))
            return
        }
        do {
            let details = try requests.json("GET", requests.path(name.app, name.deploymentOrDefault, alias, in: "alias"))
            console.write(AliasOutput.details(details as? [String: Any] ?? [:]))
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongAlias)
        }
    }

    func aliasAdd(_ nameText: String, alias: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard !alias.isEmpty else { throw CLIError.input(Messages.noAliasGiven) }
        let requests = AddonRequests(api: session.api)
        _ = try requests.send("POST", requests.path(name.app, name.deploymentOrDefault, in: "alias"), form: [("name", alias)])
    }

    func aliasRemove(_ nameText: String, alias: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard !alias.isEmpty else { throw CLIError.input(Messages.noAliasGiven) }
        let requests = AddonRequests(api: session.api)
        do {
            _ = try requests.send("DELETE", requests.path(name.app, name.deploymentOrDefault, alias, in: "alias"))
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongAlias)
        }
    }
}
