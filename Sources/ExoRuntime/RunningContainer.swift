import ExoSystem
import Synchronization

/// A started container. `wait()` blocks until it has exited, all its output has been delivered
/// and the runtime has cleaned up after it.
public final class RunningContainer: Sendable {
    public struct Outcome: Sendable, Equatable {
        public var status: ExitStatus
        /// The kernel's OOM killer killed a process of this container.
        public var oomKilled: Bool

        public init(status: ExitStatus, oomKilled: Bool) {
            self.status = status
            self.oomKilled = oomKilled
        }
    }

    public let id: String
    private let waitOnce: Mutex<(@Sendable () -> Outcome)?>
    private let outcome = Locked<Outcome?>(nil)
    /// Held for the whole of the first wait so later callers block until the outcome is known.
    private let waiting = Mutex<Void>(())

    /// `wait` is run exactly once, by the first caller of `wait()`.
    public init(id: String, wait: @escaping @Sendable () -> Outcome) {
        self.id = id
        self.waitOnce = Mutex(wait)
    }

    /// Blocks until the container has exited; safe from any number of threads.
    @discardableResult
    public func wait() -> ExitStatus { waitForOutcome().status }

    /// The full outcome (status and OOM), blocking like `wait()`.
    public func waitForOutcome() -> Outcome {
        waiting.withLock { _ in
            if let known = outcome.get() { return known }
            let body = waitOnce.withLock { body in
                defer { body = nil }
                return body
            }
            let result = body?() ?? Outcome(status: .exited(255), oomKilled: false)
            outcome.set(result)
            return result
        }
    }

    /// Whether the OOM killer struck; false until `wait()` has returned.
    public var oomKilled: Bool { outcome.get()?.oomKilled ?? false }

    /// The outcome if the container has already been waited for.
    public var finished: Outcome? { outcome.get() }
}
