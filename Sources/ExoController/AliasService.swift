import ExoCore
import ExoCrypto
import ExoStore
import Foundation

/// A deployment's hostnames (spec "Custom Domains", API §2.3): its own `APP.DOMAIN` name as the
/// default alias, plus custom ones (`www.example.com`, `*.example.com`) that the router maps to
/// the deployment from the moment they are added.
///
/// Custom aliases count as verified at once: exo is run by the people who point DNS at it, so
/// the spec's DNS TXT check is not made (the code it would look for is still shown). What an
/// alias may never do is take hostnames of the platform itself (see `AliasName.reaches(into:)`).
public final class AliasService: Sendable {
    public static let unknownAliasMessage = "This alias is unknown."

    private let store: any Store
    private let deployments: DeploymentService
    private let naming: DeploymentNaming

    public init(store: any Store, deployments: DeploymentService, naming: DeploymentNaming) {
        self.store = store
        self.deployments = deployments
        self.naming = naming
    }

    /// The default alias first, then the custom ones by name.
    public func list(app: String, deployment name: String, by principal: Principal) throws(ExoError) -> [AliasView] {
        try list(of: try deployments.deployment(app: app, name: name, by: principal))
    }

    public func alias(app: String, deployment name: String, alias: String, by principal: Principal) throws(ExoError) -> AliasView {
        let deployment = try deployments.deployment(app: app, name: name, by: principal)
        let wanted = try? AliasName(alias)
        guard let found = try list(of: deployment).first(where: { $0.name == wanted?.rawValue }) else {
            throw .notFound(Self.unknownAliasMessage)
        }
        return found
    }

    /// Adds a custom alias; returns once the router routes it. `.conflict` when any deployment
    /// has the name already (one host leads to one deployment).
    public func add(app: String, deployment name: String, alias: String, by principal: Principal) throws(ExoError) -> AliasView {
        let aliasName = try AliasName(alias)
        guard !aliasName.reaches(into: naming.domain) else {
            throw .invalid("name", "\(aliasName) would take hostnames of the platform's own domain \(naming.domain); use a domain of your own.")
        }
        var created: AliasRecord?
        try deployments.changeHosts(app: app, name: name, by: principal) { (deployment) throws(ExoError) in
            created = try store.createAlias(deploymentID: deployment.id, name: aliasName,
                                            verificationCode: SecureRandom.token(byteCount: 20))
        }
        return AliasView(created!)
    }

    /// Removes a custom alias; the default one cannot go (`.invalid`), an unknown one is `.notFound`.
    public func remove(app: String, deployment name: String, alias: String, by principal: Principal) throws(ExoError) {
        try deployments.changeHosts(app: app, name: name, by: principal) { (deployment) throws(ExoError) in
            guard let aliasName = try? AliasName(alias) else { throw .notFound(Self.unknownAliasMessage) }
            if aliasName.rawValue == naming.host(app: deployment.app, deployment: deployment.name) {
                throw .invalid("name", "The default alias of a deployment cannot be removed.")
            }
            try store.deleteAlias(deploymentID: deployment.id, name: aliasName)
        }
    }

    private func list(of deployment: DeploymentRecord) throws(ExoError) -> [AliasView] {
        [defaultAlias(of: deployment)] + (try store.aliases(deploymentID: deployment.id)).map(AliasView.init)
    }

    private func defaultAlias(of deployment: DeploymentRecord) -> AliasView {
        AliasView(name: naming.host(app: deployment.app, deployment: deployment.name), isDefault: true,
                  verificationCode: "", dateCreated: deployment.dateCreated, dateModified: deployment.dateCreated)
    }
}

/// One alias as the API shows it (spec §2.5's Alias object).
public struct AliasView: Sendable, Equatable {
    public var name: String
    public var isDefault: Bool
    /// Always true: see `AliasService`.
    public var isVerified = true
    public var verificationErrors = 0
    public var verificationCode: String
    public var dateCreated: Date
    public var dateModified: Date

    init(name: String, isDefault: Bool, verificationCode: String, dateCreated: Date, dateModified: Date) {
        self.name = name
        self.isDefault = isDefault
        self.verificationCode = verificationCode
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }

    init(_ record: AliasRecord) {
        self.init(name: record.name.rawValue, isDefault: false, verificationCode: record.verificationCode,
                  dateCreated: record.dateCreated, dateModified: record.dateModified)
    }
}
