import ExoNet
import Synchronization

/// Hands out host ports for web containers (they share the host network namespace, so each
/// container listens on its own port). A port is free when nothing else is bound to it.
public final class PortAllocator: Sendable {
    private let range: ClosedRange<Int>
    private let state: Mutex<(inUse: Set<Int>, next: Int)>

    public init(range: ClosedRange<Int>) {
        self.range = range
        state = Mutex((inUse: [], next: range.lowerBound))
    }

    /// The next port in the range that is neither handed out nor bound by another process.
    public func allocate() -> Int? {
        state.withLock { s in
            for _ in 0..<range.count {
                let port = s.next
                s.next = port >= range.upperBound ? range.lowerBound : port + 1
                if !s.inUse.contains(port) && TCPProbe.isFree(port: port) {
                    s.inUse.insert(port)
                    return port
                }
            }
            return nil
        }
    }

    public func reserve(_ port: Int) { _ = state.withLock { $0.inUse.insert(port) } }

    public func release(_ port: Int) { _ = state.withLock { $0.inUse.remove(port) } }
}
