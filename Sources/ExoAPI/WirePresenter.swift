import ExoController
import ExoCore
import ExoStore
import ExoWire

/// Turns records into the cloudControl API's JSON objects (spec §2.5).
struct WirePresenter: Sendable {
    var apps: AppService
    var store: any Store
    var naming: DeploymentNaming
    var publicAPIURL: String

    /// The git URL of an app: git smart HTTP on the API's address.
    func repositoryURL(_ app: AppName) -> String { "\(publicAPIURL)/git/\(app)/repository.git" }

    func summary(_ app: AppRecord) -> WireApp {
        WireApp(name: app.name.rawValue, type: app.type, repository: repositoryURL(app.name), buildpackURL: app.buildpackURL,
                owner: nil, dateCreated: WireDate.string(from: app.dateCreated), dateModified: WireDate.string(from: app.dateModified))
    }

    func app(_ app: AppRecord, by principal: Principal) throws(ExoError) -> WireApp {
        var wire = summary(app)
        let owner = try apps.owner(of: app)
        wire.owner = owner.map { WireUser(username: $0.username.rawValue, email: $0.email.rawValue, isActive: $0.isActive) }
        wire.users = try appUsers(app)
        wire.deployments = try store.deployments(app: app.name).map { deploymentRef($0) }
        return wire
    }

    func appUsers(_ app: AppRecord) throws(ExoError) -> [WireAppUser] {
        guard let owner = try apps.owner(of: app) else { return [] }
        return [WireAppUser(username: owner.username.rawValue, email: owner.email.rawValue, role: "owner")]
    }

    func deploymentRef(_ deployment: DeploymentRecord) -> WireDeploymentRef {
        WireDeploymentRef(name: deployment.qualifiedName, depID: deployment.depID)
    }

    func deployment(_ deployment: DeploymentRecord) throws(ExoError) -> WireDeployment {
        WireDeployment(
            name: deployment.qualifiedName, depID: deployment.depID, branch: repositoryURL(deployment.app),
            defaultSubdomain: naming.subdomain(app: deployment.app, deployment: deployment.name),
            isDefault: deployment.name.isDefault, state: deployment.state.rawValue,
            version: deployment.state == .notDeployed ? DeploymentRecord.noVersion : deployment.version,
            minBoxes: deployment.minBoxes, maxBoxes: deployment.maxBoxes, stack: deployment.stack,
            dateCreated: WireDate.string(from: deployment.dateCreated),
            dateModified: WireDate.string(from: deployment.dateModified))
    }
}
