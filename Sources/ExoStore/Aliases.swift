import ExoCore
import Foundation

/// A custom hostname routed to one deployment. Names are unique across the platform: one host
/// leads to one deployment. (The deployment's own `APP.DOMAIN` name is not stored: it follows
/// from the names and is shown as the default alias.)
public struct AliasRecord: Sendable, Equatable, Hashable {
    public var deploymentID: Int64
    public var name: AliasName
    /// The value the spec's DNS TXT verification would look for (`cloudControl-verification: CODE`).
    public var verificationCode: String
    public var dateCreated: Date
    public var dateModified: Date

    public init(deploymentID: Int64, name: AliasName, verificationCode: String, dateCreated: Date, dateModified: Date) {
        self.deploymentID = deploymentID
        self.name = name
        self.verificationCode = verificationCode
        self.dateCreated = dateCreated
        self.dateModified = dateModified
    }
}

public protocol AliasStore: Sendable {
    /// The deployment's aliases ordered by name.
    func aliases(deploymentID: Int64) throws(ExoError) -> [AliasRecord]
    /// The alias of this name on any deployment.
    func alias(named name: AliasName) throws(ExoError) -> AliasRecord?
    /// `.conflict` when any deployment has this name already, or an app of another owner has an
    /// alias that overlaps it (`AliasName.overlaps`); `.notFound` without the deployment.
    @discardableResult
    func createAlias(deploymentID: Int64, name: AliasName, verificationCode: String) throws(ExoError) -> AliasRecord
    /// `.notFound` when the deployment has no alias of this name.
    func deleteAlias(deploymentID: Int64, name: AliasName) throws(ExoError)
}
