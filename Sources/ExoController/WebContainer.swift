import ExoBuilder
import ExoNet
import ExoCore
import ExoCrypto
import ExoRuntime
import ExoSystem
import Foundation
import Glibc
import Synchronization

/// One running web container of a deployment: its own fresh copy of the image, its own port,
/// the tail of its output (for deploy error messages) and a thread that waits for its exit.
/// Started detached, so it keeps running (and is adopted again) when exod crashes.
final class WebContainer: Sendable {
    let id: String
    let port: Int
    let version: String
    let memory: MemorySize
    private let runtime: any ContainerRuntime
    private let directory: String
    private let running: RunningContainer
    private let outputTail: Locked<[String]>
    private let exitStatus = Mutex<ExitStatus?>(nil)
    private let stopRequested = Atomic<Bool>(false)

    static let tailLines = 20

    private init(id: String, port: Int, version: String, memory: MemorySize, runtime: any ContainerRuntime,
                 directory: String, running: RunningContainer, outputTail: Locked<[String]>) {
        self.id = id
        self.port = port
        self.version = version
        self.memory = memory
        self.runtime = runtime
        self.directory = directory
        self.running = running
        self.outputTail = outputTail
    }

    /// Prepares a fresh bundle from the image and starts the web process, detached so that it
    /// outlives exod; `onExit` runs on the waiter thread when the container ends for any reason
    /// other than `stop()`.
    static func start(_ desired: DesiredDeployment, port: Int, paths: Paths, runtime: any ContainerRuntime,
                      onOutput: @escaping @Sendable (OutputLine) -> Void,
                      onExit: @escaping @Sendable (WebContainer, ExitStatus, Bool) -> Void) throws -> WebContainer {
        let id = "\(desired.depID)-\(SecureRandom.string(length: 6))"
        let directory = paths.container(id: id)
        let appDir = directory + "/app"
        let credsDir = directory + "/creds"
        try Files.makeDirectory(directory, mode: 0o711)
        do {
            // Written first: a container an exod finds without its record is stopped, never adopted.
            try ContainerRecord(desired, port: port).write(to: directory)
            try Files.makeDirectory(appDir, mode: 0o755)
            try ImageUnpacker.extract(image: desired.imagePath, into: appDir, owner: (desired.uid, desired.uid))
            try Files.makeDirectory(credsDir, mode: 0o500)
            try Files.atomicWrite(desired.credentials, to: credsDir + "/creds.json", mode: 0o400)
            try Files.changeOwner(credsDir, uid: desired.uid, gid: desired.uid)

            var environment = desired.environment
            environment["PORT"] = String(port)
            environment["HOSTNAME"] = id
            let spec = ContainerSpec(
                id: id, bundleDir: directory + "/bundle", args: Launcher.argv(process: "web"),
                env: environment, cwd: Launcher.appRoot, uid: desired.uid, gid: desired.uid,
                memoryLimitBytes: desired.memory.megabytes * 1024 * 1024, pidsLimit: 512,
                mounts: [
                    // HOME is /srv (the spec's): writable like everything an app writes, and gone with the container.
                    Mount(destination: "/srv", source: "tmpfs", type: "tmpfs",
                          options: ["nosuid", "nodev", "size=16m", "mode=0755", "uid=\(desired.uid)", "gid=\(desired.uid)"]),
                    Mount(destination: Launcher.appRoot, source: appDir, type: "bind", options: ["rbind", "rw", "nosuid", "nodev"]),
                    Mount(destination: "/srv/creds", source: credsDir, type: "bind", options: ["rbind", "ro", "nosuid", "nodev", "noexec"]),
                ],
                // An app as PID 1 would ignore SIGTERM unless it installs a handler; a forwarder gives it
                // the default action, so stopping is graceful instead of waiting out the grace period.
                forwardSignals: true)
            let tail = Locked<[String]>([])
            let running = try runtime.startDetached(spec, files: files(directory), output: collect(into: tail, onOutput))
            return watch(WebContainer(id: id, port: port, version: desired.version, memory: desired.memory, runtime: runtime,
                                      directory: directory, running: running, outputTail: tail), onExit: onExit)
        } catch {
            try? runtime.delete(id: id)
            try? Files.remove(directory)
            throw error
        }
    }

    /// Takes over container `id`, left running by an earlier exod and started for `desired`
    /// (its record matched); nil when it is not running any more.
    static func adopt(id: String, record: ContainerRecord, memory: MemorySize, paths: Paths, runtime: any ContainerRuntime,
                      onOutput: @escaping @Sendable (OutputLine) -> Void,
                      onExit: @escaping @Sendable (WebContainer, ExitStatus, Bool) -> Void) -> WebContainer? {
        let directory = paths.container(id: id)
        let tail = Locked<[String]>([])
        guard let running = runtime.attach(id: id, files: files(directory), output: collect(into: tail, onOutput)) else {
            return nil
        }
        return watch(WebContainer(id: id, port: record.port, version: record.version, memory: memory, runtime: runtime,
                                  directory: directory, running: running, outputTail: tail), onExit: onExit)
    }

    /// Where the container's output, exit status and read offsets live (see ContainerFiles).
    static func files(_ directory: String) -> ContainerFiles { ContainerFiles(directory: directory + "/run") }

    private static func collect(into tail: Locked<[String]>, _ onOutput: @escaping @Sendable (OutputLine) -> Void)
        -> @Sendable (OutputLine) -> Void {
        { line in
            tail.withLock { lines in
                lines.append(line.text)
                if lines.count > tailLines { lines.removeFirst(lines.count - tailLines) }
            }
            onOutput(line)
        }
    }

    /// A thread that waits for the container's end and reports it unless it was asked to stop.
    private static func watch(_ container: WebContainer,
                              onExit: @escaping @Sendable (WebContainer, ExitStatus, Bool) -> Void) -> WebContainer {
        JoinableThread.detach {
            let status = container.running.wait()
            container.exitStatus.withLock { $0 = status }
            if !container.stopRequested.load(ordering: .acquiring) {
                onExit(container, status, container.running.oomKilled)
            }
        }
        return container
    }

    /// The last lines the app printed, oldest first.
    var lastOutput: [String] { outputTail.get() }

    var hasExited: Bool { exitStatus.withLock { $0 } != nil }

    /// Waits until the app accepts connections on its port, or fails naming why; gives up at
    /// once when `abandoned` says so (exod shutting down).
    func waitUntilReady(timeout: Double, unless abandoned: () -> Bool) throws(ExoError) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var heldByAnother = false
        while Date() < deadline {
            if abandoned() { throw .unavailable("exod is shutting down.") }
            if let status = exitStatus.withLock({ $0 }) {
                throw .unavailable("The web process exited (\(status)) before listening on $PORT.\(outputSummary)")
            }
            if TCPProbe.accepts(port: port) {
                // Containers share the host's network: the listener must be this container's, not
                // another app's process that took the port and would be handed this app's requests.
                guard let ports = runtime.listeningPorts(id: id), !ports.contains(port) else { return }
                heldByAnother = true
            }
            usleep(50_000)
        }
        if heldByAnother {
            throw .unavailable("Port \(port), given to the web process as $PORT, is held by a process outside its container.")
        }
        throw .unavailable("The web process did not listen on $PORT (\(port)) within \(Int(timeout)) s.\(portsElsewhere)\(outputSummary)")
    }

    /// Where the app listens instead of $PORT, if anywhere: the usual mistake is a fixed port.
    private var portsElsewhere: String {
        let ports = (runtime.listeningPorts(id: id) ?? []).filter { $0 != port }
        guard !ports.isEmpty else { return "" }
        let list = ports.map(String.init).joined(separator: ", ")
        return " It listens on port\(ports.count == 1 ? "" : "s") \(list) instead; it must listen on the port in $PORT."
    }

    private var outputSummary: String {
        let lines = lastOutput
        return lines.isEmpty ? " It printed nothing." : " Its last output:\n" + lines.map { "  " + $0 }.joined(separator: "\n")
    }

    /// SIGTERM, a grace period, SIGKILL; then the runtime state and the fresh copy are removed.
    func stop(grace: Double = 10) {
        stopRequested.store(true, ordering: .releasing)
        if !hasExited {
            try? runtime.kill(id: id, signal: SIGTERM)
            let deadline = Date(timeIntervalSinceNow: grace)
            while !hasExited && Date() < deadline { usleep(50_000) }
            if !hasExited { try? runtime.kill(id: id, signal: SIGKILL) }
            let killDeadline = Date(timeIntervalSinceNow: 5)
            while !hasExited && Date() < killDeadline { usleep(50_000) }
        }
        try? runtime.delete(id: id)
        try? Files.remove(directory)
    }
}
