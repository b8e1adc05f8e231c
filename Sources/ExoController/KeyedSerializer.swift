import Foundation
import Synchronization

/// Runs work for the same key one at a time, while different keys run in parallel: one build or
/// deploy per deployment, so a slow app never holds up another app's deploy.
final class KeyedSerializer: Sendable {
    private let busy = Mutex<Set<String>>([])
    private let released = NSCondition()

    func run<T, E: Error>(_ key: String, _ body: () throws(E) -> T) throws(E) -> T {
        released.lock()
        while !busy.withLock({ $0.insert(key).inserted }) { released.wait() }
        released.unlock()
        defer {
            released.lock()
            _ = busy.withLock { $0.remove(key) }
            released.broadcast()
            released.unlock()
        }
        return try body()
    }
}
