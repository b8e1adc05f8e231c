import ExoSystem

/// One line a container wrote, without its newline.
public struct OutputLine: Sendable, Equatable {
    public enum Stream: Sendable, Equatable { case stdout, stderr }
    public var stream: Stream
    public var text: String

    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// An OCI runtime (runc today, crun on cgroup-v2 hosts, something remote later).
public protocol ContainerRuntime: Sendable {
    /// Writes the bundle and starts the container in the foreground of a supervised child;
    /// `output` is called from reader threads, once per line, in order per stream.
    func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer
    /// Sends a signal to the container's init process.
    func kill(id: String, signal: Int32) throws
    /// Forcefully removes the container's runtime state and cgroups; idempotent.
    func delete(id: String) throws
    /// Ids of the containers the runtime knows (its state dir).
    func list() throws -> [String]
}
