import ExoCore
import Foundation

/// The lifecycle states the cloudControl API reports for a deployment.
public enum DeploymentState: String, Sendable, Codable, CaseIterable {
    case notDeployed = "not deployed"
    case deployed
    case idle
}

/// A deployment of an app, fed by one git branch. `version` is the desired image (a commit SHA,
/// or "-1" for none yet); `deployedVersion` is what the reconciler last brought up.
public struct DeploymentRecord: Sendable, Equatable, Hashable {
    public static let noVersion = "-1"
    public static let defaultStack = "pinky"

    public var id: Int64
    public var appID: Int64
    public var app: AppName
    public var name: DeploymentName
    /// Stable public id: "dep" + 8 random [a-z0-9].
    public var depID: String
    public var version: String
    public var deployedVersion: String?
    public var state: DeploymentState
    /// Number of containers.
    public var minBoxes: Int
    /// Memory per container in 128 MB units (1...8).
    public var maxBoxes: Int
    public var stack: String
    public var dateCreated: Date
    public var dateModified: Date

    /// `"app/dep"`, the name format of the API and the CLI.
    public var qualifiedName: String { "\(app)/\(name)" }
}

public protocol DeploymentStore: Sendable {
    /// Creates a deployment in state "not deployed" with version "-1", one box of 128 MB.
    /// `.notFound` when the app does not exist, `.conflict` when the deployment does.
    @discardableResult
    func createDeployment(app: AppName, name: DeploymentName, stack: String) throws(ExoError) -> DeploymentRecord
    func deployment(app: AppName, name: DeploymentName) throws(ExoError) -> DeploymentRecord?
    func deployment(depID: String) throws(ExoError) -> DeploymentRecord?
    func deployments(app: AppName) throws(ExoError) -> [DeploymentRecord]
    func allDeployments() throws(ExoError) -> [DeploymentRecord]
    /// Saves version, deployed version, state, boxes and stack (matched by id); bumps `dateModified`.
    func updateDeployment(_ deployment: DeploymentRecord) throws(ExoError) -> DeploymentRecord
    func deleteDeployment(app: AppName, name: DeploymentName) throws(ExoError)
}

extension DeploymentStore {
    @discardableResult
    public func createDeployment(app: AppName, name: DeploymentName) throws(ExoError) -> DeploymentRecord {
        try createDeployment(app: app, name: name, stack: DeploymentRecord.defaultStack)
    }
}
