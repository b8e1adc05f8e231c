import ExoCore
import ExoCrypto
import ExoSystem
import FoundationEssentials

/// What a web container runs, written next to its bundle before it starts, so that an exod
/// started later can tell whether a container it finds still running is what the deployment
/// should run (adopt it) or not (stop it).
struct ContainerRecord: Codable, Sendable, Equatable {
    /// "app/dep".
    var key: String
    var depID: String
    /// Commit SHA of the image.
    var version: String
    var memoryMB: Int
    var port: Int
    /// `configurationHash` of the target it was started for: environment, credentials, uid, image.
    var configuration: String

    static let fileName = "container.json"

    init(_ target: DesiredDeployment, port: Int) {
        key = target.key
        depID = target.depID
        version = target.version
        memoryMB = target.memory.megabytes
        self.port = port
        configuration = Self.configurationHash(target)
    }

    /// Whether a container of this record is one `target` would start (ports aside).
    func matches(_ target: DesiredDeployment) -> Bool {
        key == target.key && depID == target.depID && version == target.version
            && memoryMB == target.memory.megabytes && configuration == Self.configurationHash(target)
    }

    /// Everything a container is started with, except its port: NUL-separated so that no
    /// value can imitate a field boundary.
    static func configurationHash(_ target: DesiredDeployment) -> String {
        var fields = ["uid=\(target.uid)", "image=\(target.imagePath)"]
        fields += target.environment.sorted { $0.key < $1.key }.map { "env:\($0.key)=\($0.value)" }
        return SHA256.hex(Array(fields.joined(separator: "\u{0}").utf8) + [0] + target.credentials)
    }

    func write(to directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try Files.atomicWrite(Array(try encoder.encode(self)), to: directory + "/" + Self.fileName, mode: 0o600)
    }

    static func read(from directory: String) -> ContainerRecord? {
        guard let bytes = try? Files.read(directory + "/" + fileName) else { return nil }
        return try? JSONDecoder().decode(ContainerRecord.self, from: Data(bytes))
    }
}
