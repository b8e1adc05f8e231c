import ExoRuntime
import ExoSystem
import Glibc
import Synchronization

/// A temp dir with a runc state root and an app dir, plus a LIFO stack of cleanups that runs
/// even when the test fails: containers are deleted before their directories are removed.
final class ContainerFixture: Sendable {
    let dir: String
    let runtime: RuncRuntime
    private let cleanups = Mutex<[@Sendable () -> Void]>([])

    init() throws {
        var template = Array("/tmp/exo-runtime-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        dir = String(cString: created)
        chmod(dir, 0o711)
        runtime = RuncRuntime(root: dir + "/runc")
        let dir = self.dir
        onCleanup { try? Files.remove(dir) }
    }

    /// Registers a cleanup; they run in reverse order.
    func onCleanup(_ body: @escaping @Sendable () -> Void) {
        cleanups.withLock { $0.append(body) }
    }

    func cleanup() {
        let all = cleanups.withLock { list in defer { list = [] }; return list }
        for body in all.reversed() { body() }
    }

    /// A fresh container id; its runc state and cgroups are removed at cleanup.
    func newID(_ label: String) -> String {
        let id = "exotest-\(label)-\(UInt32.random(in: 0...UInt32.max))"
        let runtime = self.runtime
        onCleanup { try? runtime.delete(id: id) }
        return id
    }

    /// An app dir owned by nobody, mounted read-write at /srv/www.
    func appDir(files: [String: String] = [:]) throws -> String {
        let app = dir + "/app-\(UInt32.random(in: 0...UInt32.max))"
        try Files.makeDirectory(app, mode: 0o755)
        for (name, content) in files { try Files.atomicWrite(content, to: app + "/" + name, mode: 0o644) }
        try Files.changeOwner(app, uid: 65534, gid: 65534)
        return app
    }

    func spec(_ id: String, args: [String], env: [String: String]? = nil, memoryMB: Int = 128,
              mounts: [Mount] = []) -> ContainerSpec {
        ContainerSpec(
            id: id, bundleDir: dir + "/bundles/" + id, args: args,
            env: env ?? ["PATH": "/usr/bin:/bin", "HOME": "/srv/www", "LANG": "C.UTF-8"], cwd: "/srv/www",
            uid: 65534, gid: 65534, memoryLimitBytes: memoryMB << 20, pidsLimit: 64, mounts: mounts)
    }

    /// Starts a container collecting its output.
    func start(_ spec: ContainerSpec) throws -> (RunningContainer, OutputCollector) {
        let collector = OutputCollector()
        let container = try runtime.start(spec) { collector.append($0) }
        // Never leave a container running past the test, even if an expectation throws first.
        let runtime = self.runtime
        onCleanup { try? runtime.kill(id: spec.id, signal: SIGKILL); _ = self.wait(container, within: 10) }
        return (container, collector)
    }
}

extension ContainerFixture {
    /// `wait()` with a watchdog: a hung container is SIGKILLed after `seconds`, so a failing
    /// test fails instead of hanging the whole run.
    func wait(_ container: RunningContainer, within seconds: Int = 60) -> RunningContainer.Outcome {
        let runtime = self.runtime
        let watchdog = JoinableThread {
            for _ in 0..<(seconds * 10) {
                if container.finished != nil { return }
                usleep(100_000)
            }
            try? runtime.kill(id: container.id, signal: SIGKILL)
        }
        let outcome = container.waitForOutcome()
        watchdog.join()
        return outcome
    }
}

final class OutputCollector: Sendable {
    private let lines = Mutex<[OutputLine]>([])
    func append(_ line: OutputLine) { lines.withLock { $0.append(line) } }
    var all: [OutputLine] { lines.withLock { $0 } }
    func texts(_ stream: OutputLine.Stream) -> [String] { all.filter { $0.stream == stream }.map(\.text) }
}

/// A port that was free a moment ago on 127.0.0.1.
func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw SystemError("bind") }
    return Int(UInt16(bigEndian: address.sin_port))
}
