import ExoNet
import ExoSystem
import Foundation
import Synchronization

/// Asks exod to wake idle deployments (`POST /internal/wake {"deployment": "app/dep"}`) on its
/// own thread, so event loops never block on exod. A deployment is asked at most once per
/// `interval`: the first parked request triggers the wake, later ones only wait for the new
/// route table; asking again after the interval covers a lost request or a restarted exod.
final class WakeRequester: Sendable {
    private let url: String
    private let token: String?
    private let interval: Double
    private let log: @Sendable (String) -> Void
    private let client = HTTPClient(timeout: 5)
    private let state = Mutex<(pending: [String], lastAsked: [String: Date], stopping: Bool)>(([], [:], false))
    private let signal = NSCondition()

    init(url: String, token: String?, interval: Double = 5, log: @escaping @Sendable (String) -> Void) {
        self.url = url
        self.token = token
        self.interval = interval
        self.log = log
    }

    func start() { JoinableThread.detach { [self] in run() } }

    func stop() {
        state.withLock { $0.stopping = true }
        poke()
    }

    /// Non-blocking; called from event loops for every parked request (and again while it waits).
    func request(_ deployment: String) {
        let now = Date()
        let queued = state.withLock { state -> Bool in
            if let last = state.lastAsked[deployment], now.timeIntervalSince(last) < interval { return false }
            state.lastAsked[deployment] = now
            state.pending.append(deployment)
            return true
        }
        if queued { poke() }
    }

    /// The deployment has backends again: its next idling gets a wake request at once.
    func woken(_ deployment: String) {
        _ = state.withLock { $0.lastAsked.removeValue(forKey: deployment) }
    }

    private func poke() {
        signal.lock()
        signal.broadcast()
        signal.unlock()
    }

    private func run() {
        while true {
            let (batch, stopping) = state.withLock { state in
                defer { state.pending.removeAll() }
                return (state.pending, state.stopping)
            }
            if stopping { return }
            for deployment in batch { post(deployment) }
            signal.lock()
            if state.withLock({ $0.pending.isEmpty && !$0.stopping }) {
                _ = signal.wait(until: Date(timeIntervalSinceNow: 1))
            }
            signal.unlock()
        }
    }

    private func post(_ deployment: String) {
        guard let body = try? JSONEncoder().encode(["deployment": deployment]) else { return }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("X-Exo-Internal-Token", token)) }
        do {
            let response = try client.send(method: "POST", url: url, headers: headers, body: Array(body))
            if response.status >= 300 { log("wake \(deployment): exod answered \(response.status)") }
        } catch {
            log("wake \(deployment): cannot reach \(url): \(error)")
        }
    }
}
