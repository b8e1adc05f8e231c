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
    /// Starts the container so that it outlives this process (exod may crash or restart while it
    /// runs): output is appended to `files` and delivered to `output` from there; the returned
    /// container's `wait()` still reports its exit, OOM and cleans up, like `start`'s.
    func startDetached(_ spec: ContainerSpec, files: ContainerFiles,
                       output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer
    /// Takes over a container that `startDetached` started (perhaps in an earlier exod) and that
    /// still runs; its output is delivered from where the previous owner stopped reading.
    /// Nil when it is not running any more.
    func attach(id: String, files: ContainerFiles, output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer?
    /// Clears away a container `startDetached` started that ended while nobody followed it (exod
    /// was down): delivers what is left of its output (from where the previous owner stopped
    /// reading, within the replay limit), deletes it and says how it ended; nil when that is
    /// unknown (its shim died without recording a status, as after a reboot).
    func collectEnded(id: String, files: ContainerFiles, output: @escaping @Sendable (OutputLine) -> Void)
        -> RunningContainer.Outcome?
    /// The TCP ports the container's processes listen on right now (sorted); nil when the runtime
    /// cannot tell (no processes found for it, or a runtime that cannot look inside).
    func listeningPorts(id: String) -> [Int]?
}

extension ContainerRuntime {
    /// Runtimes that cannot detach (test fakes) run the container attached: it ends with exod.
    public func startDetached(_ spec: ContainerSpec, files: ContainerFiles,
                              output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        try start(spec, output: output)
    }

    /// …and so have nothing to take over.
    public func attach(id: String, files: ContainerFiles,
                       output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer? { nil }

    /// …nor output files to read: the container is only deleted.
    public func collectEnded(id: String, files: ContainerFiles,
                             output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer.Outcome? {
        try? delete(id: id)
        return nil
    }

    /// …nor a way to look inside the container.
    public func listeningPorts(id: String) -> [Int]? { nil }
}
