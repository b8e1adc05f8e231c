import ExoNet
import ExoSystem
import Foundation
import Synchronization

/// Posts the buffer's entries to exod every `interval` seconds on its own thread; a failed post
/// puts the batch back (the buffer keeps the newest) and is retried on the next round.
final class AccessLogShipper: Sendable {
    private let buffer: AccessLogBuffer
    private let url: String
    private let token: String?
    private let interval: Double
    private let log: @Sendable (String) -> Void
    private let client = HTTPClient(timeout: 5)
    private let stopping = Mutex(false)
    private let wake = NSCondition()
    private let thread = Mutex<JoinableThread?>(nil)

    init(buffer: AccessLogBuffer, url: String, token: String?, interval: Double = 0.2,
         log: @escaping @Sendable (String) -> Void) {
        self.buffer = buffer
        self.url = url
        self.token = token
        self.interval = interval
        self.log = log
    }

    func start() {
        thread.withLock { $0 = JoinableThread { [self] in run() } }
    }

    /// Ships what is left once, then ends the thread.
    func stop() {
        stopping.withLock { $0 = true }
        wake.lock()
        wake.broadcast()
        wake.unlock()
        thread.withLock { $0 }?.join()
    }

    private func run() {
        var failing = false
        while true {
            let last = stopping.withLock { $0 }
            let batch = buffer.take()
            if !batch.entries.isEmpty || batch.dropped > 0 {
                if post(batch) {
                    if failing { log("access log delivered again to \(url)") }
                    failing = false
                } else {
                    if !failing { log("access log: cannot deliver to \(url); keeping the newest \(buffer.capacity) entries") }
                    failing = true
                    buffer.putBack(batch)
                }
            }
            if last { return }
            wake.lock()
            if !stopping.withLock({ $0 }) { _ = wake.wait(until: Date(timeIntervalSinceNow: interval)) }
            wake.unlock()
        }
    }

    private func post(_ batch: AccessLogBatch) -> Bool {
        guard let body = try? JSONEncoder().encode(batch) else { return true }
        var headers: [(String, String)] = [("Content-Type", "application/json")]
        if let token { headers.append(("X-Exo-Internal-Token", token)) }
        guard let response = try? client.send(method: "POST", url: url, headers: headers, body: Array(body)) else {
            return false
        }
        // A refused batch (4xx) would be refused again: drop it rather than retry forever.
        return response.status < 500
    }
}
