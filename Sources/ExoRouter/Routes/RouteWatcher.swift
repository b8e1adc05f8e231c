import ExoSystem
import Glibc
import Synchronization

/// Pulls route tables from a `RouteSource` on its own thread (list + watch, as gorouter/flynn do),
/// publishes each new version to the store, persists it, and on errors backs off while the
/// last table keeps serving.
final class RouteWatcher: Sendable {
    private let source: any RouteSource
    private let store: RouteStore
    private let stateFile: RouteStateFile?
    private let log: @Sendable (String) -> Void
    private let stopped = Atomic<Bool>(false)
    private let initialBackoff: Double = 0.2
    private let maxBackoff: Double = 5

    init(source: any RouteSource, store: RouteStore, stateFile: RouteStateFile?, log: @escaping @Sendable (String) -> Void) {
        self.source = source
        self.store = store
        self.stateFile = stateFile
        self.log = log
    }

    /// Starts the poll loop; the thread ends after its current poll once `stop()` is called.
    func start() {
        JoinableThread.detach { [self] in run() }
    }

    func stop() { stopped.store(true, ordering: .releasing) }

    private func run() {
        var backoff = initialBackoff
        // Versions restart with exod, so after starting or after an error the first poll asks with
        // since=0 (answered at once) and the table is compared by content, not only by version.
        var applied: RouteTableDocument?
        var resync = true
        while !stopped.load(ordering: .acquiring) {
            let since = resync ? 0 : (applied?.version ?? 0)
            do {
                let document = try source.fetch(since: since)
                backoff = initialBackoff
                resync = false
                guard !stopped.load(ordering: .acquiring), document != applied else { continue }
                applied = document
                store.replace(with: RouteTable(document))
                do { try stateFile?.save(document) } catch { log("cannot persist route table: \(error)") }
            } catch {
                log("route source failed (retrying in \(backoff) s, serving version \(store.table.version)): \(error)")
                resync = true
                pause(seconds: backoff)
                backoff = min(backoff * 2, maxBackoff)
            }
        }
    }

    /// Sleeps in short steps so that stop() is honoured quickly.
    private func pause(seconds: Double) {
        var left = seconds
        while left > 0, !stopped.load(ordering: .acquiring) {
            let step = min(left, 0.05)
            usleep(UInt32(step * 1_000_000))
            left -= step
        }
    }
}
