import ExoCore
import Foundation

/// An add-on option booked on one deployment (e.g. `config.free`) with its settings, kept as the
/// JSON text the API shows and `$CRED_FILE` carries. The store does not interpret the settings:
/// the controller owns their rules (config var keys, merging, removal).
public struct AddonRecord: Sendable, Equatable, Hashable {
    public var deploymentID: Int64
    /// The option name, `addon.option` (e.g. `config.free`).
    public var name: String
    /// A JSON object, e.g. `{"CONFIG_VARS":{"KEY":"value"}}`.
    public var settings: String
    public var dateCreated: Date
    public var dateModified: Date

    public init(deploymentID: Int64, name: String, settings: String, dateCreated: Date, dateModified: Date) {
        self.deploymentID = deploymentID
        self.name = name
        self.settings = settings
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }
}

public protocol AddonStore: Sendable {
    /// The deployment's add-ons ordered by name.
    func addons(deploymentID: Int64) throws(ExoError) -> [AddonRecord]
    func addon(deploymentID: Int64, name: String) throws(ExoError) -> AddonRecord?
    /// `.conflict` when the deployment has this option already, `.notFound` without the deployment.
    @discardableResult
    func createAddon(deploymentID: Int64, name: String, settings: String) throws(ExoError) -> AddonRecord
    /// Replaces the settings (`.notFound` when the add-on is not booked).
    @discardableResult
    func updateAddon(deploymentID: Int64, name: String, settings: String) throws(ExoError) -> AddonRecord
    func deleteAddon(deploymentID: Int64, name: String) throws(ExoError)
}
