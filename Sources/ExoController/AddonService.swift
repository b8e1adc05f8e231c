import ExoCore
import ExoStore

/// A deployment's add-ons (spec §1.2, §2.3): the catalogue, booking, settings updates (config
/// vars) and removal. Every change that alters what the containers see is applied through
/// `DeploymentService.reconfigure`, which replaces running containers without downtime and
/// undoes the change when the new containers do not come up.
public final class AddonService: Sendable {
    /// The options exo offers. Only the config add-on so far (aliases are built in).
    public static let catalogue: [AddonOffer] = [
        AddonOffer(name: "config", stage: "ga", options: [ConfigVars.addon]),
    ]
    public static let unknownAddonMessage = "This addon is unknown for this app_name/deployment_name."

    private let store: any Store
    private let deployments: DeploymentService

    public init(store: any Store, deployments: DeploymentService) {
        self.store = store
        self.deployments = deployments
    }

    public func list(app: String, deployment name: String, by principal: Principal) throws(ExoError) -> [AddonRecord] {
        try store.addons(deploymentID: try deployments.deployment(app: app, name: name, by: principal).id)
    }

    public func addon(app: String, deployment name: String, addon: String, by principal: Principal) throws(ExoError) -> AddonRecord {
        let deployment = try deployments.deployment(app: app, name: name, by: principal)
        guard let record = try store.addon(deploymentID: deployment.id, name: addon) else {
            throw .notFound(Self.unknownAddonMessage)
        }
        return record
    }

    /// Books an option; for the config add-on `options` are the first variables.
    public func add(app: String, deployment name: String, addon: String, options: String?,
                    by principal: Principal) throws(ExoError) -> AddonRecord {
        try Self.validateOption(addon, field: "addon")
        var settings = AddonSettings()
        if addon == ConfigVars.addon {
            let change = try options.map { (text) throws(ExoError) in try ConfigVars.parseChange(text, field: "options") } ?? [:]
            settings.values[ConfigVars.settingsKey] = .table(try ConfigVars.apply(change, to: [:], force: true))
        }
        return try change(app: app, deployment: name, addon: addon, by: principal) { (deploymentID) throws(ExoError) in
            try store.createAddon(deploymentID: deploymentID, name: addon, settings: settings.json)
        }
    }

    /// PUT: `target` is the option to switch to (the same name for a settings update); for the
    /// config add-on `settings` is a change of variables (null removes a key).
    public func update(app: String, deployment name: String, addon: String, target: String?, settings json: String?,
                       force: Bool, by principal: Principal) throws(ExoError) -> AddonRecord {
        if let target, !target.isEmpty, target != addon {
            try Self.validateOption(target, field: "addon")
            throw .invalid("addon", "\(addon) has no other option to switch to.")
        }
        let current = try self.addon(app: app, deployment: name, addon: addon, by: principal)
        guard addon == ConfigVars.addon, let json, !json.isEmpty else { return current }
        let change = try ConfigVars.parseChange(json, field: "settings")
        return try self.change(app: app, deployment: name, addon: addon, by: principal) { (deploymentID) throws(ExoError) in
            // Re-read inside the serialized section: a concurrent change must not be lost.
            guard let latest = try store.addon(deploymentID: deploymentID, name: addon) else {
                throw .notFound(Self.unknownAddonMessage)
            }
            var settings = try AddonSettings(json: latest.settings)
            settings.values[ConfigVars.settingsKey] = .table(try ConfigVars.apply(change, to: settings.configVars, force: force))
            return try store.updateAddon(deploymentID: deploymentID, name: addon, settings: settings.json)
        }
    }

    public func remove(app: String, deployment name: String, addon: String, by principal: Principal) throws(ExoError) {
        _ = try change(app: app, deployment: name, addon: addon, by: principal) { (deploymentID) throws(ExoError) in
            guard let existing = try store.addon(deploymentID: deploymentID, name: addon) else {
                throw .notFound(Self.unknownAddonMessage)
            }
            try store.deleteAddon(deploymentID: deploymentID, name: addon)
            return existing
        }
    }

    /// Runs a store change of one add-on under the deployment's deploy lock, converges, and
    /// restores the add-on's previous row if the new containers fail.
    private func change(app: String, deployment name: String, addon: String, by principal: Principal,
                        _ body: (Int64) throws(ExoError) -> AddonRecord) throws(ExoError) -> AddonRecord {
        var result: AddonRecord?
        try deployments.reconfigure(app: app, name: name, by: principal) { (deployment) throws(ExoError) in
            let before = try store.addon(deploymentID: deployment.id, name: addon)
            result = try body(deployment.id)
            return { [store] in
                let now = try? store.addon(deploymentID: deployment.id, name: addon)
                switch (before, now) {
                case (nil, .some): try? store.deleteAddon(deploymentID: deployment.id, name: addon)
                case (.some(let old), nil): _ = try? store.createAddon(deploymentID: deployment.id, name: addon, settings: old.settings)
                case (.some(let old), .some): _ = try? store.updateAddon(deploymentID: deployment.id, name: addon, settings: old.settings)
                case (nil, nil): break
                }
            }
        }
        return result!
    }

    static func validateOption(_ name: String, field: String) throws(ExoError) {
        guard catalogue.contains(where: { $0.options.contains(name) }) else {
            throw .invalid(field, "This is not a valid addon name. Available: \(catalogue.flatMap(\.options).joined(separator: ", ")).")
        }
    }
}

/// One add-on of the catalogue (`GET /addon/`).
public struct AddonOffer: Sendable, Equatable {
    public var name: String
    public var stage: String
    public var options: [String]
}
