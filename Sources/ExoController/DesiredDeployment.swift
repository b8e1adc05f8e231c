import ExoCore

/// What one deployment should be running, as the controller decided it; the reconciler's input.
public struct DesiredDeployment: Sendable, Equatable {
    /// "app/dep": the key of everything the reconciler tracks.
    public var key: String
    public var depID: String
    /// Commit SHA of the image to run.
    public var version: String
    public var imagePath: String
    public var containers: Int
    public var memory: MemorySize
    /// Host uid/gid the app's processes run as: one per app, so apps cannot read each other's files.
    public var uid: UInt32
    /// Hostnames the router maps to this deployment.
    public var hosts: [String]
    /// Environment of the spec (PORT is added per container).
    public var environment: [String: String]
    /// The JSON written to $CRED_FILE.
    public var credentials: [UInt8]

    public init(key: String, depID: String, version: String, imagePath: String, containers: Int,
                memory: MemorySize, uid: UInt32, hosts: [String], environment: [String: String], credentials: [UInt8]) {
        self.key = key
        self.depID = depID
        self.version = version
        self.imagePath = imagePath
        self.containers = containers
        self.memory = memory
        self.uid = uid
        self.hosts = hosts
        self.environment = environment
        self.credentials = credentials
    }

    /// Everything but the hostnames is the same: the same containers run for both (hostnames
    /// change only the route).
    public func runsTheSameContainers(as other: DesiredDeployment) -> Bool {
        var other = other
        other.hosts = hosts
        return self == other
    }
}
