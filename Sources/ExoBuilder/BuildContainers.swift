import ExoRuntime
import Foundation
import Glibc
import Synchronization

/// The build containers running now. They run as `runc run` children of exod but would outlive
/// it, so exod's shutdown ends them here; once closed, no new one starts.
final class BuildContainers: Sendable {
    private let state = Mutex<(closed: Bool, ids: Set<String>)>((false, []))

    /// Registers a container about to start; false once closed (exod shutting down).
    func admit(_ id: String) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.ids.insert(id)
            return true
        }
    }

    /// Once true, builds under way are being stopped: a step that failed then was killed for it.
    var isClosed: Bool { state.withLock { $0.closed } }

    /// The container has ended and was deleted.
    func remove(_ id: String) {
        _ = state.withLock { $0.ids.remove(id) }
    }

    /// Refuses new containers and kills the running ones (SIGKILL; a build has nothing to save)
    /// until their steps have removed them, or `timeout` seconds have passed. Killing again on
    /// every round also ends one that was admitted but not yet started at the first.
    func stopAll(runtime: any ContainerRuntime, timeout: Double) {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            let running = state.withLock { state -> Set<String> in
                state.closed = true
                return state.ids
            }
            if running.isEmpty || Date() >= deadline { return }
            for id in running { try? runtime.kill(id: id, signal: SIGKILL) }
            usleep(100_000)
        }
    }
}
