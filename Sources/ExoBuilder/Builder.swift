import ExoCore
import ExoRuntime
import ExoSystem
import Foundation

/// Turns a pushed source tree into an image: ignore file, Procfile check, buildpack
/// detect/compile/release in build containers, launcher, tarball, size limit. Blocking: call it
/// on a thread of its own (the push's connection thread), never on the cooperative pool.
public final class Builder: Sendable {
    let paths: Paths
    let runtime: any ContainerRuntime
    let limits: BuildLimits
    let allowLocalBuildpacks: Bool
    let containers = BuildContainers()

    /// `allowLocalBuildpacks` admits `file://` and path buildpack URLs (tests, operators).
    public init(paths: Paths, runtime: any ContainerRuntime, limits: BuildLimits = BuildLimits(),
                allowLocalBuildpacks: Bool = false) {
        self.paths = paths
        self.runtime = runtime
        self.limits = limits
        self.allowLocalBuildpacks = allowLocalBuildpacks
    }

    /// Builds `request` into `request.imagePath`, streaming lines for the pusher to `output`.
    /// On failure nothing is left behind: no image, no scratch dir, no source dir.
    public func build(_ request: BuildRequest, output: @escaping @Sendable (String) -> Void) throws(ExoError) -> BuildResult {
        let scratch = paths.build(id: BuildID.make())
        defer {
            try? Files.remove(scratch)
            try? Files.remove(request.sourceDir)
        }
        do {
            return try BuildRun(builder: self, request: request, scratch: scratch, output: output).run()
        } catch {
            try? Files.remove(request.imagePath)
            throw error
        }
    }
}

extension Builder {
    /// Removes what builds interrupted by a crash of this process left behind: build
    /// containers still known to the runtime and scratch dirs. Call once at start, before any build.
    /// exod is shutting down: builds under way fail (their containers are killed, their pushes
    /// refused, nothing is stored) and no new one starts. Returns once their containers are gone.
    public func stop() {
        containers.stopAll(runtime: runtime, timeout: 10)
    }

    public func removeLeftovers() throws(ExoError) {
        do {
            for id in try runtime.list() where id.hasPrefix(BuildID.prefix) {
                try runtime.delete(id: id)
            }
            guard Files.isDirectory(paths.builds) else { return }
            for name in try Files.listDirectory(paths.builds) where name.hasPrefix(BuildID.prefix) {
                try Files.remove(paths.builds + "/" + name)
            }
        } catch {
            throw .internalError("Could not clean up after interrupted builds.", cause: "\(error)")
        }
    }
}

/// Short random ids for scratch dirs and build containers ("build-" + 10 of [a-z0-9]).
enum BuildID {
    static let prefix = "build-"

    static func make() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return prefix + String((0..<10).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
