import Glibc
import Synchronization

/// A plain OS thread for blocking work (pipe readers, supervisors), kept off Swift
/// concurrency's cooperative pool on purpose; see docs/contracts.md.
public final class JoinableThread: Sendable {
    private let handle: pthread_t
    private let joined = Atomic<Bool>(false)

    private final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// Starts `body` on a new thread.
    public init(_ body: @escaping @Sendable () -> Void) {
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        precondition(result == 0, "pthread_create failed: \(result)")
        handle = thread
    }

    /// Waits for the thread to finish; later calls return at once.
    public func join() {
        if joined.exchange(true, ordering: .acquiringAndReleasing) { return }
        pthread_join(handle, nil)
    }

    deinit {
        if !joined.load(ordering: .acquiring) { pthread_detach(handle) }
    }

    /// Starts a thread that nobody joins.
    public static func detach(_ body: @escaping @Sendable () -> Void) {
        let thread = JoinableThread(body)
        _ = thread  // deinit detaches it
    }
}
