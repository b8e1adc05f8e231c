import ExoNet
import ExoSystem
import Foundation
import Glibc
import Testing

/// A real exod (with its real exo-router) on a temp data dir and free loopback ports, plus the
/// built CLIs pointed at it. Stopped and cleaned up by `stop()`.
final class ScenarioPlatform: Sendable {
    let root: String
    let apiPort: Int
    let routerPort: Int
    let domain = "app.localhost"
    private let exod: ChildProcess
    let logPath: String

    var apiURL: String { "http://127.0.0.1:\(apiPort)" }

    /// `outputClosed`: exod's stdout and stderr are a pipe nobody reads (its read end is closed
    /// at once, as when a `| tee` died), so every log line it writes fails with EPIPE.
    convenience init(extraEnvironment: [String: String] = [:], outputClosed: Bool = false) throws {
        try self.init(root: try TemporaryDirectory.make(prefix: "exo-scenario-"), apiPort: FreePort.next(),
                      routerPort: FreePort.next(), portBase: 33000 + Int.random(in: 0..<60) * 500,
                      extraEnvironment: extraEnvironment, outputClosed: outputClosed)
    }

    private let portBase: Int
    private let extraEnvironment: [String: String]

    private init(root: String, apiPort: Int, routerPort: Int, portBase: Int, extraEnvironment: [String: String],
                 outputClosed: Bool = false) throws {
        self.root = root
        self.apiPort = apiPort
        self.routerPort = routerPort
        self.portBase = portBase
        self.extraEnvironment = extraEnvironment
        logPath = root + "/exod.log"
        var log = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        if outputClosed {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw ScenarioFailure("pipe: errno \(errno)") }
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)   // exod gets it through dup2 only
            close(ends[0])
            close(log)
            log = ends[1]
        }
        defer { close(log) }
        var environment = Command.defaultEnvironment
        environment["EXO_DATA_DIR"] = root + "/data"
        environment["EXO_API_ADDR"] = "127.0.0.1:\(apiPort)"
        environment["EXO_ROUTER_ADDR"] = "127.0.0.1:\(routerPort)"
        environment["EXO_CONTAINER_PORTS"] = "\(portBase)-\(portBase + 499)"
        environment["EXO_BOOT_TIMEOUT"] = "20"
        environment.merge(extraEnvironment) { $1 }
        exod = try ChildProcess.spawn([ProductsDirectory.executable("exod")], environment: environment,
                                      stdin: .null, stdout: .fileDescriptor(log), stderr: .fileDescriptor(log))
        try waitUntilUp()
    }

    private func waitUntilUp() throws {
        let deadline = Date(timeIntervalSinceNow: 20)
        let client = HTTPClient(timeout: 2)
        while Date() < deadline {
            if let response = try? client.send(method: "GET", url: apiURL + "/.meta/version/"), response.status == 200,
               (try? client.send(method: "GET", url: "http://127.0.0.1:\(routerPort)/", headers: [("Host", "probe.invalid")])) != nil {
                return
            }
            usleep(100_000)
        }
        throw ScenarioFailure("exod did not come up; log:\n\(log)")
    }

    var log: String { (try? Files.readText(logPath)) ?? "" }

    /// SIGTERM: exod stops its containers and the router; then the temp dir goes. Returns how
    /// exod ended (0 for an orderly stop).
    @discardableResult
    func stop() -> ExoSystem.ExitStatus {
        exod.signal(SIGTERM)
        let status = exod.wait()
        // An orderly stop leaves no container behind (also none that was still draining).
        let pattern = "runc --root \(root)/data/runc"
        var leftovers = ""
        for _ in 0..<30 {
            leftovers = (try? Command.run(["pgrep", "-f", "-a", pattern]).stdout) ?? ""
            if leftovers.isEmpty { break }
            usleep(100_000)
        }
        #expect(leftovers.isEmpty, "containers outlived exod: \(leftovers)")
        if !leftovers.isEmpty { _ = try? Command.runCapturing(["pkill", "-f", pattern]) }
        try? Files.remove(root)
        return status
    }

    /// Stops exod (orderly, or with SIGKILL for `crash`) and starts a new one on the same data dir and ports.
    func restart(crash: Bool = false) throws -> ScenarioPlatform {
        exod.signal(crash ? SIGKILL : SIGTERM)
        _ = exod.wait()
        return try ScenarioPlatform(root: root, apiPort: apiPort, routerPort: routerPort, portBase: portBase,
                                    extraEnvironment: extraEnvironment)
    }

    /// A user with their own CLI config dir.
    func user(_ name: String, password: String = "secret-\(UUID().uuidString.prefix(8))") throws -> ScenarioUser {
        let user = ScenarioUser(platform: self, name: name, email: "\(name)@example.com", password: password,
                                home: root + "/home-\(name)")
        try Files.makeDirectory(user.home, mode: 0o700)
        return user
    }

    /// A request through the router with the given Host header.
    func get(host: String, path: String = "/", headers: [(String, String)] = []) throws -> HTTPClientResponse {
        try HTTPClient(timeout: 30).send(method: "GET", url: "http://127.0.0.1:\(routerPort)\(path)",
                                         headers: [("Host", host)] + headers)
    }

    func host(app: String, deployment: String = "default") -> String {
        deployment == "default" ? "\(app).\(domain)" : "\(deployment)-\(app).\(domain)"
    }
}

struct ScenarioFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
