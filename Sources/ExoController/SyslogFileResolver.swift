import ExoBuilder
import ExoCore
import ExoStore
import ExoSystem
import Synchronization

/// Finds what a deployment's `RSYSLOG_REMOTE` config variable points to: the named file in the
/// deployed version's image (the built tree of the pushed commit, where the app also finds it at
/// run time). The file is read once per (deployment, deployed version, value); later lookups
/// cost one store query. Used by exod to feed ExoLogs' syslog forwarder.
public final class SyslogFileResolver: Sendable {
    public static let variable = "RSYSLOG_REMOTE"
    public static let maxBytes = 64 * 1024

    /// The file as found: `text` nil with `problem` saying why when it cannot be used.
    public struct File: Sendable, Equatable {
        public var name: String
        public var revision: String
        public var text: String?
        public var problem: String?
    }

    private let store: any Store
    private let paths: Paths
    private let cache = Mutex<[String: File]>([:])

    public init(store: any Store, paths: Paths) {
        self.store = store
        self.paths = paths
    }

    /// nil when the deployment does not exist, has no deployed version or no `RSYSLOG_REMOTE`.
    /// Throws when the store cannot answer (the caller keeps what it had).
    public func lookup(_ qualifiedName: String) throws -> File? {
        let parts = qualifiedName.split(separator: "/")
        guard parts.count == 2, let app = try? AppName(String(parts[0])), let name = try? DeploymentName(String(parts[1])),
              let deployment = try store.deployment(app: app, name: name) else { return nil }
        let version = deployment.deployedVersion ?? deployment.version
        guard version != DeploymentRecord.noVersion,
              let value = try AddonEnvironment.buildVariables(try store.addons(deploymentID: deployment.id))[Self.variable]
        else {
            cache.withLock { $0[qualifiedName] = nil }
            return nil
        }
        if let cached = cache.withLock({ $0[qualifiedName] }), cached.name == value, cached.revision == version {
            return cached
        }
        let file = read(value, app: app.rawValue, dep: name.rawValue, version: version)
        cache.withLock { $0[qualifiedName] = file }
        return file
    }

    private func read(_ value: String, app: String, dep: String, version: String) -> File {
        var file = File(name: value, revision: version)
        guard let path = Self.relativePath(value) else {
            file.problem = "give the path of a file in the app's repository, such as custom_remote.cfg"
            return file
        }
        let image = paths.image(app: app, dep: dep, sha: version)
        guard Files.exists(image) else {
            file.problem = "the image of the deployed version is missing"
            return file
        }
        do {
            guard let bytes = try ImageUnpacker.readFile(image: image, path: path, maxBytes: Self.maxBytes) else {
                file.problem = "the deployed version has no file \(path)"
                return file
            }
            file.text = String(decoding: bytes, as: UTF8.self)
        } catch {
            file.problem = error.code == .invalidInput ? "the file is larger than \(Self.maxBytes / 1024) KiB"
                                                        : "the file could not be read from the image"
        }
        return file
    }

    /// `custom_remote.cfg`, `./conf/x.cfg` or `/app/conf/x.cfg` (the app's path on cloudControl)
    /// → a normalized relative path; nil for anything that leaves the app's tree.
    static func relativePath(_ value: String) -> String? {
        var text = Substring(value)
        if text.hasPrefix("/app/") { text = text.dropFirst(5) }
        let components = text.split(separator: "/").filter { $0 != "." }
        guard !components.isEmpty, !text.hasPrefix("/"), !components.contains(".."),
              !value.contains("\0"), !value.contains("\n") else { return nil }
        return components.joined(separator: "/")
    }
}
