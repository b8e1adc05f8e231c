import Synchronization

/// The current route table, read by every event loop per request and replaced whole by the watcher.
public final class RouteStore: Sendable {
    private let current: Mutex<RouteTable>

    public init(_ table: RouteTable = .empty) { current = Mutex(table) }

    /// The table in force now; the reference stays valid while the caller uses it.
    public var table: RouteTable { current.withLock { $0 } }

    public func replace(with table: RouteTable) { current.withLock { $0 = table } }
}
