import Synchronization

/// Backends taken out of rotation after a timeout or a 501/502/>503 answer (the spec's Health
/// Checker), shared by all loops. Reads are lock-free while nothing is ejected, which is the
/// normal case.
public final class BackendHealth: Sendable {
    private let ejected = Mutex<Set<HostPort>>([])
    private let ejectedCount = Atomic<Int>(0)

    public init() {}

    /// True for the answers that make the spec's health checker watch a container.
    static func isFailure(status: Int) -> Bool { status == 501 || status == 502 || status > 503 }

    func eject(_ backend: HostPort) {
        ejected.withLock { set in
            if set.insert(backend).inserted { ejectedCount.add(1, ordering: .releasing) }
        }
    }

    func restore(_ backend: HostPort) {
        ejected.withLock { set in
            if set.remove(backend) != nil { ejectedCount.subtract(1, ordering: .releasing) }
        }
    }

    func isEjected(_ backend: HostPort) -> Bool {
        guard ejectedCount.load(ordering: .acquiring) > 0 else { return false }
        return ejected.withLock { $0.contains(backend) }
    }

    /// The backends currently out of rotation.
    public var ejectedBackends: Set<HostPort> { ejected.withLock { $0 } }
}
