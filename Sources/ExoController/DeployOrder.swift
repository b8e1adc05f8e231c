/// A `PUT …/deployment/{dep}/`: which version to run, and optionally new scale and stack.
public struct DeployOrder: Sendable, Equatable {
    /// "-1" for the newest image, else a full commit SHA.
    public var version: String
    public var containers: Int?
    public var memoryBoxes: Int?
    public var stack: String?

    public init(version: String = "-1", containers: Int? = nil, memoryBoxes: Int? = nil, stack: String? = nil) {
        self.version = version
        self.containers = containers
        self.memoryBoxes = memoryBoxes
        self.stack = stack
    }
}
