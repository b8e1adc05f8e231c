import ExoCrypto
import ExoRuntime
import ExoSystem
import Foundation
import Glibc
import Synchronization

/// Keeps exo-router running: starts it (in its own session, so it outlives a crashed exod and
/// keeps routing), restarts it when it dies (with back-off), and on start adopts the router a
/// killed exod left running when it is the same program with the same settings, so restarting
/// exod drops no connection. The router is its own process so that restarting exod drops no traffic.
public final class RouterSupervisor: Sendable {
    private let argv: [String]
    private let environment: [String: String]
    private let pidFile: String
    private let log: @Sendable (String) -> Void
    private let state = Mutex<(child: ChildProcess?, adopted: ProcessIdentity?, stopped: Bool)>((nil, nil, false))

    /// `pidFile` remembers the running router ("PID STARTTIME FINGERPRINT"), so that one left by
    /// an exod that was killed is adopted, or stopped before a new one binds the same port
    /// (SO_REUSEPORT would let both serve) when its settings differ.
    public init(binary: String, environment: [String: String], pidFile: String, log: @escaping @Sendable (String) -> Void) {
        self.argv = [binary]
        self.environment = environment
        self.pidFile = pidFile
        self.log = log
    }

    /// What the router was started with: a router with other settings is not adopted.
    private var fingerprint: String {
        SHA256.hex((argv + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }).joined(separator: "\u{0}"))
    }

    public func start() {
        let adopted = adoptLeftover()
        JoinableThread.detach { [self] in
            if let adopted {
                // Not our child: nothing to wait on, so look every 250 ms.
                while adopted.isAlive && !state.withLock({ $0.stopped }) { usleep(250_000) }
                state.withLock { $0.adopted = nil }
                if state.withLock({ $0.stopped }) { return }
                log("exo-router \(adopted.pid) (adopted) exited; starting a new one")
            }
            supervise()
        }
    }

    private func supervise() {
        var backoff = 0.5
        while !state.withLock({ $0.stopped }) {
            let started = Date()
            do {
                let child = try ChildProcess.spawn(argv, environment: environment, stdin: .null,
                                                   stdout: .fileDescriptor(2), stderr: .fileDescriptor(2), newSession: true)
                let stopNow = state.withLock { s -> Bool in
                    s.child = child
                    return s.stopped
                }
                if stopNow { child.signal(SIGTERM) }
                if let identity = ProcessIdentity.of(pid: child.pid) {
                    try? Files.atomicWrite("\(identity.pid) \(identity.startTime) \(fingerprint)\n", to: pidFile, mode: 0o644)
                }
                let status = child.wait()
                state.withLock { $0.child = nil }
                if state.withLock({ $0.stopped }) { return }
                log("exo-router exited (\(status)); restarting")
            } catch {
                log("exo-router could not be started: \(error)")
            }
            if Date().timeIntervalSince(started) > 30 { backoff = 0.5 }
            Thread.sleep(forTimeInterval: backoff)
            backoff = min(backoff * 2, 10)
        }
    }

    /// Stops the router, whether started or adopted (an orderly stop of exod stops the platform).
    public func stop() {
        let (child, adopted) = state.withLock { s -> (ChildProcess?, ProcessIdentity?) in
            s.stopped = true
            return (s.child, s.adopted)
        }
        if let child {
            child.signal(SIGTERM)
            _ = child.wait()
        }
        if let adopted { terminate(adopted) }
        try? Files.remove(pidFile)
    }

    /// The router a previous exod started, if it still runs: adopted when it runs this very
    /// executable with the same settings, else stopped.
    private func adoptLeftover() -> ProcessIdentity? {
        guard let text = try? Files.readText(pidFile) else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        guard let pid = fields.first.flatMap(Int32.init), pid > 1, let exe = try? Files.readLink("/proc/\(pid)/exe"),
              Files.baseName(of: exe).hasPrefix(Files.baseName(of: argv[0])),
              let running = ProcessIdentity.of(pid: pid) else { return nil }
        // " (deleted)": the binary was replaced (an upgrade); the new one must serve.
        let sameProgram = exe == argv[0]
        if sameProgram && fields.count == 3 && fields[1] == String(running.startTime) && fields[2] == fingerprint {
            log("adopting exo-router \(pid) left by a previous exod")
            state.withLock { $0.adopted = running }
            return running
        }
        log("stopping exo-router \(pid) left by a previous exod (\(sameProgram ? "other settings" : "replaced binary"))")
        terminate(running)
        try? Files.remove(pidFile)
        return nil
    }

    private func terminate(_ router: ProcessIdentity) {
        kill(router.pid, SIGTERM)
        let deadline = Date(timeIntervalSinceNow: 5)
        // A dead router may stay a zombie (its parent is gone): isAlive says no then.
        while router.isAlive && Date() < deadline { usleep(50_000) }
        if router.isAlive { kill(router.pid, SIGKILL) }
    }
}
