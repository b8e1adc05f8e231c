import ExoSystem
import Glibc

/// `ContainerRuntime` over the real runc binary. Each container runs as a foreground
/// `runc run` child of this process, so exit status and output are never lost; `wait()`
/// reads the OOM counter, then deletes runc's state and the container's cgroups.
public struct RuncRuntime: ContainerRuntime {
    public let client: RuncClient
    /// Containers live in cgroup `/<cgroupParent>/<id>`.
    public let cgroupParent: String
    public let cgroups: Cgroups

    public init(binary: String = "/usr/sbin/runc", root: String, cgroupParent: String = "exo",
                cgroups: Cgroups = Cgroups()) {
        self.client = RuncClient(binary: binary, root: root)
        self.cgroupParent = cgroupParent
        self.cgroups = cgroups
    }

    public func cgroupPath(id: String) -> String { "/\(cgroupParent)/\(id)" }

    public func listeningPorts(id: String) -> [Int]? {
        let processes = cgroups.processes(in: cgroupPath(id: id))
        return processes.isEmpty ? nil : ListeningSockets.ports(of: processes)
    }

    public func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        guard ContainerSpec.isValidID(spec.id) else { throw SystemError("container id \(spec.id)", errno: EINVAL) }
        try Files.makeDirectory(client.root, mode: 0o700)
        try Bundle.write(spec, config: OCIConfig.make(for: spec, cgroupParent: cgroupParent))
        let child = try client.run(bundle: spec.bundleDir, id: spec.id)
        let readers = [
            Self.pump(output, stream: .stdout) { try child.readStdout() },
            Self.pump(output, stream: .stderr) { try child.readStderr() },
        ]
        let id = spec.id
        return RunningContainer(id: id) {
            let status = child.wait()
            for reader in readers { reader.join() }
            let oomKills = cgroups.oomKillCount(for: cgroupPath(id: id)) ?? 0
            try? delete(id: id)
            return RunningContainer.Outcome(status: status, oomKilled: oomKills > 0)
        }
    }

    public func kill(id: String, signal: Int32) throws {
        try client.kill(id: id, signal: signal)
    }

    public func delete(id: String) throws {
        guard ContainerSpec.isValidID(id) else { throw SystemError("container id \(id)", errno: EINVAL) }
        var failure: (any Error)?
        do {
            try client.delete(id: id)
        } catch let error as ProcessFailure where error.stderr.contains("does not exist") {
            // Already gone: deleting is idempotent.
        } catch {
            failure = error
        }
        // runc removes the leaf in the hierarchies it manages but not always all of them
        // (hybrid hosts), and nothing if the state was lost.
        try cgroups.remove(cgroupPath(id: id))
        if let failure { throw failure }
    }

    public func list() throws -> [String] {
        guard Files.isDirectory(client.root) else { return [] }
        return try client.list().map(\.id)
    }

    /// A reader thread: one stream of runc's child, split into lines for `output`.
    private static func pump(_ output: @escaping @Sendable (OutputLine) -> Void, stream: OutputLine.Stream,
                             read: @escaping @Sendable () throws -> [UInt8]?) -> JoinableThread {
        JoinableThread {
            var splitter = LineSplitter()
            while let chunk = try? read() {
                for line in splitter.feed(chunk) { output(OutputLine(stream: stream, text: line)) }
            }
            if let last = splitter.finish() { output(OutputLine(stream: stream, text: last)) }
        }
    }
}
