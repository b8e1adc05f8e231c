import Synchronization

/// The entries not yet shipped, shared by every event loop and the shipper. Bounded: when full a
/// new entry is counted as dropped instead of growing the buffer, so a slow or absent exod never
/// costs the router memory or time. Event loops only append under a short lock.
public final class AccessLogBuffer: Sendable {
    public let capacity: Int
    private struct State {
        var entries: [AccessLogEntry] = []
        var dropped = 0
    }
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    func record(_ entry: AccessLogEntry) {
        state.withLock { state in
            if state.entries.count < capacity { state.entries.append(entry) } else { state.dropped += 1 }
        }
    }

    /// Takes everything buffered (the shipper's next batch), leaving the buffer empty.
    public func take() -> AccessLogBatch {
        state.withLock { state in
            defer { state = State() }
            return AccessLogBatch(entries: state.entries, dropped: state.dropped)
        }
    }

    /// Returns a batch that could not be delivered: it goes before what arrived meanwhile, and
    /// past the capacity the oldest entries are the ones dropped (and counted).
    func putBack(_ batch: AccessLogBatch) {
        state.withLock { state in
            var merged = batch.entries + state.entries
            let excess = merged.count - capacity
            if excess > 0 { merged.removeFirst(excess) }
            state.dropped += batch.dropped + max(0, excess)
            state.entries = merged
        }
    }

    public var count: Int { state.withLock { $0.entries.count } }
}
