import ExoSystem
import Foundation
import Glibc
import Synchronization

/// Starts exo-router as a child and restarts it when it dies (with back-off), until stopped.
/// The router is its own process so that restarting exod drops no traffic.
public final class RouterSupervisor: Sendable {
    private let argv: [String]
    private let environment: [String: String]
    private let log: @Sendable (String) -> Void
    private let state = Mutex<(child: ChildProcess?, stopped: Bool)>((nil, false))

    public init(binary: String, environment: [String: String], log: @escaping @Sendable (String) -> Void) {
        self.argv = [binary]
        self.environment = environment
        self.log = log
    }

    public func start() {
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
    }
}
