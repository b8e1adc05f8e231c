import ExoSystem
import Foundation
import Glibc
import Synchronization

/// Starts exo-router as a child and restarts it when it dies (with back-off), until stopped.
/// The router is its own process so that restarting exod drops no traffic.
public final class RouterSupervisor: Sendable {
    private let argv: [String]
    private let environment: [String: String]
    private let pidFile: String
    private let log: @Sendable (String) -> Void
    private let state = Mutex<(child: ChildProcess?, stopped: Bool)>((nil, false))

    /// `pidFile` remembers the running router, so that a router left behind by an exod that was
    /// killed is stopped before a new one binds the same port (SO_REUSEPORT would let both serve).
    public init(binary: String, environment: [String: String], pidFile: String, log: @escaping @Sendable (String) -> Void) {
        self.argv = [binary]
        self.environment = environment
        self.pidFile = pidFile
        self.log = log
    }

    public func start() {
        stopLeftover()
        JoinableThread.detach { [self] in
            var backoff = 0.5
            while !state.withLock({ $0.stopped }) {
                let started = Date()
                do {
                    let child = try ChildProcess.spawn(argv, environment: environment, stdin: .null,
                                                       stdout: .fileDescriptor(2), stderr: .fileDescriptor(2))
                    let stopNow = state.withLock { s -> Bool in
                        s.child = child
                        return s.stopped
                    }
                    if stopNow { child.signal(SIGTERM) }
                    try? Files.atomicWrite("\(child.pid)\n", to: pidFile, mode: 0o644)
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
    }

    public func stop() {
        let child = state.withLock { s -> ChildProcess? in
            s.stopped = true
            return s.child
        }
        guard let child else { return }
        child.signal(SIGTERM)
        _ = child.wait()
        try? Files.remove(pidFile)
    }

    /// Stops the router a previous exod started, if it still runs (checked by its executable name).
    private func stopLeftover() {
        guard let text = try? Files.readText(pidFile), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
              pid > 1, let exe = try? Files.readLink("/proc/\(pid)/exe"),
              Files.baseName(of: exe) == Files.baseName(of: argv[0]) else { return }
        log("stopping exo-router \(pid) left by a previous exod")
        kill(pid, SIGTERM)
        let deadline = Date(timeIntervalSinceNow: 5)
        // A dead router may stay a zombie (its parent is gone); it has no executable link then.
        let running = { (try? Files.readLink("/proc/\(pid)/exe")) != nil }
        while running() && Date() < deadline { usleep(50_000) }
        if running() { kill(pid, SIGKILL) }
        try? Files.remove(pidFile)
    }
}
