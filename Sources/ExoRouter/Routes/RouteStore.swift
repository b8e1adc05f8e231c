import Synchronization

/// The current route table, replaced whole by the watcher and read by every event loop per
/// request. Loops check a generation counter (a shared read, no lock) and take the lock only
/// when a new table was published.
public final class RouteStore: Sendable {
    private let current: Mutex<RouteTable>
    private let published = Atomic<Int>(0)

    public init(_ table: RouteTable = .empty) { current = Mutex(table) }

    /// The table in force now; the reference stays valid while the caller uses it.
    public var table: RouteTable { current.withLock { $0 } }

    /// Bumped after every replacement.
    var generation: Int { published.load(ordering: .acquiring) }

    public func replace(with table: RouteTable) {
        current.withLock { $0 = table }
        published.add(1, ordering: .releasing)
    }
}

/// One loop's cached view of the store.
struct RouteTableCache {
    private var generation = -1
    private var cached = RouteTable.empty

    mutating func table(from store: RouteStore) -> RouteTable {
        let now = store.generation
        if now != generation {
            // Read the generation first: a replacement racing with us bumps it again afterwards.
            generation = now
            cached = store.table
        }
        return cached
    }
}
