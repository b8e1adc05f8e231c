import Dispatch
import ExoSystem
import Foundation
import Synchronization

/// One remote receiver of one deployment: a bounded queue filled by log capture (never waits;
/// the oldest message is dropped and counted when the queue is full) and one sender thread that
/// connects, sends octet-counted RFC 5424 frames (UDP: one message per datagram), and after a
/// failure reconnects with exponential back-off. Outages, recoveries and drops are reported (to
/// the deployment's deploy log), each outage once.
final class SyslogRemote: Sendable {
    struct Settings: Sendable {
        var capacity = 10_000
        var connectTimeout = 5.0
        var initialBackoff = 0.5
        var maxBackoff = 30.0
        var batchSize = 500
        /// Drops while connected (a remote slower than the app) are reported at most this often.
        var dropReportInterval = 300.0
    }

    let target: SyslogTarget
    private let settings: Settings
    private let report: @Sendable (_ level: String, _ message: String) -> Void
    private let state: Mutex<State>
    private let wake = DispatchSemaphore(value: 0)
    private let stopping = DispatchSemaphore(value: 0)

    struct State: Sendable {
        var queue: BoundedQueue<SyslogMessage>
        var stopped = false
        var droppedSinceReport = 0
        var dropped = 0
        var sent = 0
        var connects = 0
    }

    init(target: SyslogTarget, settings: Settings = .init(),
         report: @escaping @Sendable (_ level: String, _ message: String) -> Void) {
        self.target = target
        self.settings = settings
        self.report = report
        state = Mutex(State(queue: BoundedQueue(capacity: settings.capacity)))
        JoinableThread.detach { [self] in run() }
    }

    /// Queues a message for sending; never blocks.
    func enqueue(_ message: SyslogMessage) {
        let wasEmpty = state.withLock { state -> Bool in
            let wasEmpty = state.queue.isEmpty
            if state.queue.append(message) {
                state.dropped += 1
                state.droppedSinceReport += 1
            }
            return wasEmpty
        }
        if wasEmpty { wake.signal() }
    }

    /// Ends the sender thread (what is still queued is discarded).
    func stop() {
        state.withLock { $0.stopped = true }
        wake.signal()
        stopping.signal()
    }

    /// Messages sent, dropped, and successful connects so far (tests, reports).
    var counters: (sent: Int, dropped: Int, connects: Int) {
        state.withLock { ($0.sent, $0.dropped, $0.connects) }
    }

    var queued: Int { state.withLock { $0.queue.count } }

    // MARK: sender thread

    private func run() {
        var connection: SyslogConnection?
        var backoff = settings.initialBackoff
        var outage: String?
        var lastDropReport = Date()
        defer { connection?.close() }
        while true {
            let (stopped, hasWork) = state.withLock { ($0.stopped, !$0.queue.isEmpty) }
            if stopped { return }
            if outage == nil { reportDrops(since: &lastDropReport) }
            guard hasWork else {
                _ = wake.wait(timeout: .now() + 1)
                continue
            }
            if connection == nil {
                do {
                    connection = try SyslogConnection.open(target, timeout: settings.connectTimeout)
                    state.withLock { $0.connects += 1 }
                } catch {
                    fail(error.description, outage: &outage, backoff: &backoff)
                    continue
                }
            }
            guard let open = connection, !open.peerClosed else {
                connection?.close()
                connection = nil
                fail("the remote closed the connection", outage: &outage, backoff: &backoff)
                continue
            }
            let batch = state.withLock { $0.queue.take(upTo: settings.batchSize) }
            do {
                if open.transport == .tcp {
                    var bytes: [UInt8] = []
                    for message in batch { message.appendOctetCounted(to: &bytes) }
                    try open.send(bytes)
                } else {
                    for message in batch { try open.send(message.encoded()) }
                }
            } catch {
                open.close()
                connection = nil
                // Partly sent batches are sent again: a duplicate beats a gap.
                state.withLock { state in
                    let lost = state.queue.prepend(batch)
                    state.dropped += lost
                    state.droppedSinceReport += lost
                }
                fail(error.description, outage: &outage, backoff: &backoff)
                continue
            }
            state.withLock { $0.sent += batch.count }
            backoff = settings.initialBackoff
            if outage != nil {
                outage = nil
                let dropped = state.withLock { state in
                    defer { state.droppedSinceReport = 0 }
                    return state.droppedSinceReport
                }
                lastDropReport = Date()
                report("INFO", "Syslog remote \(target) (\(target.transport.rawValue)) is reachable again"
                    + (dropped > 0 ? "; \(dropped) log lines were dropped while it was not." : "."))
            }
        }
    }

    /// Reports the start of an outage once, then waits out the back-off (or a stop).
    private func fail(_ reason: String, outage: inout String?, backoff: inout Double) {
        if outage == nil {
            outage = reason
            report("WARNING", "Syslog remote \(target) (\(target.transport.rawValue)) is not reachable (\(reason)); "
                + "retrying, keeping up to \(settings.capacity) log lines meanwhile.")
        }
        if stopping.wait(timeout: .now() + backoff) == .success { stopping.signal() }
        backoff = min(backoff * 2, settings.maxBackoff)
    }

    private func reportDrops(since last: inout Date) {
        guard Date().timeIntervalSince(last) >= settings.dropReportInterval else { return }
        let dropped = state.withLock { state in
            defer { state.droppedSinceReport = 0 }
            return state.droppedSinceReport
        }
        last = Date()
        if dropped > 0 {
            report("WARNING", "\(dropped) log lines were not forwarded to syslog remote \(target): "
                + "more arrived than it accepted (queue of \(settings.capacity)).")
        }
    }
}
