import ExoBuilder
import ExoRuntime
import ExoSystem
import Foundation
import Synchronization

/// Runs a built image the way the reconciler will: a fresh extracted copy owned by the
/// container user, mounted at /srv/www, argv from `Launcher`, `PORT` in the environment.
struct AppContainer {
    let container: RunningContainer
    let runtime: RuncRuntime
    let port: Int
    let id: String

    static func start(image: String, harness: BuildHarness, process: String = "web") throws -> AppContainer {
        let id = "app-" + UUID().uuidString.prefix(8).lowercased()
        let dir = harness.temp + "/containers/" + id
        try ImageUnpacker.extract(image: image, into: dir + "/app", owner: (uid: 65534, gid: 65534))
        let port = try freePort()
        let spec = ContainerSpec(
            id: id, bundleDir: dir + "/bundle", args: Launcher.argv(process: process),
            env: ["PATH": "/usr/local/bin:/usr/bin:/bin", "PORT": String(port), "LANG": "C.UTF-8"],
            cwd: Launcher.appRoot, uid: 65534, gid: 65534, memoryLimitBytes: 256 << 20,
            mounts: [.bind(dir + "/app", at: Launcher.appRoot, readOnly: false)])
        let container = try harness.runtime.start(spec) { line in
            harness.lines.withLock { $0.append("[app] " + line.text) }
        }
        return AppContainer(container: container, runtime: harness.runtime, port: port, id: id)
    }

    /// Runs a one-off container (`Launcher.argv(running:)`) to completion; returns its stdout lines.
    static func runOnce(image: String, harness: BuildHarness, command: [String]) throws -> (ExitStatus, [String]) {
        let id = "run-" + UUID().uuidString.prefix(8).lowercased()
        let dir = harness.temp + "/containers/" + id
        try ImageUnpacker.extract(image: image, into: dir + "/app", owner: (uid: 65534, gid: 65534))
        let lines = Mutex<[String]>([])
        let spec = ContainerSpec(
            id: id, bundleDir: dir + "/bundle", args: Launcher.argv(running: command),
            env: ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/srv"],
            cwd: Launcher.appRoot, uid: 65534, gid: 65534, memoryLimitBytes: 256 << 20,
            mounts: [.bind(dir + "/app", at: Launcher.appRoot, readOnly: false)])
        let container = try harness.runtime.start(spec) { line in
            if line.stream == .stdout { lines.withLock { $0.append(line.text) } }
        }
        let status = container.wait()
        return (status, lines.withLock { $0 })
    }

    /// GET / on the app, retried until it answers or `timeout` passes.
    func get(timeout: Double = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var lastError: (any Error)?
        while Date() < deadline {
            if container.finished != nil { break }
            do {
                return try Command.run(["curl", "--silent", "--show-error", "--fail", "--max-time", "5",
                                        "http://127.0.0.1:\(port)/"]).stdout
            } catch {
                lastError = error
                usleep(200_000)
            }
        }
        throw lastError ?? SystemError("app did not answer")
    }

    /// SIGTERM to PID 1 (the app itself), then the exit status.
    func stop() -> ExitStatus {
        try? runtime.kill(id: id, signal: SIGTERM)
        return container.wait()
    }

    /// The pid 1 program of the container, as the kernel names it.
    func initCommandName() throws -> String {
        let pid = try runtime.client.state(id: id).pid
        return try Files.readText("/proc/\(pid)/comm").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func freePort() throws -> Int {
        let script = "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"
        return Int(try Command.run(["/usr/bin/python3", "-c", script]).stdout.trimmingCharacters(in: .whitespacesAndNewlines))!
    }
}
