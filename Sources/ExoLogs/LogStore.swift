import ExoSystem
import Foundation
import Synchronization

/// The logs of every deployment: `append` files an entry in memory and queues it for disk; one
/// writer thread does all writing, so a slow disk never blocks the caller. Past `queueLimit`
/// waiting entries, new ones are counted as dropped and a note says how many once there is room
/// again. Reads come from the last `keepInMemory` entries per log, loaded from disk once, so logs
/// survive restarts. On disk: `DIRECTORY/APP/DEP/TYPE.log` (+ `.1`), at most about `capBytes` per
/// log (oldest dropped); with the default 2 MB that is 8 MB per deployment.
public final class LogStore: Sendable {
    public static let defaultCapBytes = 2 * 1024 * 1024
    public static let recentCount = 500

    let directory: String
    let capBytes: Int
    let queueLimit: Int
    let keepInMemory: Int
    public let hostname: String
    let rateLimit: Int
    let rateWindow: Int64
    private let clock: @Sendable () -> Double
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    struct Stream: Hashable, Sendable {
        var deployment: String
        var type: LogType
    }

    struct State: Sendable {
        var recent: [Stream: [LogEntry]] = [:]
        var loaded: Set<Stream> = []
        var lastTime: [Stream: Int64] = [:]
        var dropped: [Stream: Int] = [:]
        var rates: [Stream: RateWindow] = [:]
        var lastExpiryCheck: Int64 = 0
        var queue: [(Stream, LogEntry)] = []
        var paused = false
        var enqueued = 0
        var written = 0
        var observers: [Observer] = []
        var removalObservers: [@Sendable (String) -> Void] = []
    }

    /// Sees every entry filed, after the store's lock is released (syslog forwarding).
    public typealias Observer = @Sendable (_ deployment: String, _ type: LogType, _ entry: LogEntry) -> Void

    public init(directory: String, capBytes: Int = LogStore.defaultCapBytes, queueLimit: Int = 10_000,
                keepInMemory: Int = LogStore.recentCount, hostname: String = LogHost.name,
                rateLimit: Int = 200, rateWindow: Double = 5,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 }) {
        self.directory = directory
        self.capBytes = capBytes
        self.queueLimit = queueLimit
        self.keepInMemory = keepInMemory
        self.hostname = hostname
        self.rateLimit = rateLimit
        self.rateWindow = Int64(rateWindow * 1_000_000)
        self.clock = clock
        // The writer holds the store weakly, so a dropped store (tests) ends its thread within a second.
        JoinableThread.detach { [weak self, wake] in
            while true {
                _ = wake.wait(timeout: .now() + 1)
                guard let store = self else { return }
                store.drainQueue()
            }
        }
    }

    /// Files one entry (several if `message` is longer than 10,000 bytes). `deployment` is "app/dep";
    /// `time` (microseconds) defaults to now, e.g. the router gives when a request arrived; times
    /// are still made unique and increasing within the log. `rateLimited` (an app's output) applies
    /// the flood limit of 200 messages per 5 s. Never waits for disk.
    public func append(_ deployment: String, _ type: LogType, _ fields: [String: String], time: Int64? = nil,
                       rateLimited: Bool = false) {
        guard Self.isValid(deployment) else { return }
        let stream = Stream(deployment: deployment, type: type)
        let pieces = fields["message"].map { MessageSplitter.split($0) } ?? [""]
        let now = time ?? Int64((clock() * 1_000_000).rounded())
        // Only the first entry of an empty queue wakes the writer (it takes the whole queue each
        // time), so a flood of dropped or batched lines costs no system call per line.
        var filed: [LogEntry] = []
        var observers: [Observer] = []
        let wakeWriter = state.withLock { state -> Bool in
            let wasEmpty = state.queue.isEmpty
            observers = state.observers
            let firstFiled = state.queue.count
            // The note about earlier drops may exceed the limit by one entry; it never displaces a line.
            var room = queueLimit - state.queue.count
            if let dropped = state.dropped[stream], room > 0 {
                state.dropped[stream] = nil
                if let note = type.platformNote("\(dropped) log lines were dropped: the log store fell behind.",
                                                hostname: hostname) {
                    file(note, in: stream, now: now, state: &state)
                }
            }
            for piece in pieces {
                if rateLimited {
                    let (pass, report) = state.rates[stream, default: RateWindow()]
                        .admit(now: now, limit: rateLimit, length: rateWindow)
                    if report > 0 { fileFloodNote(report, in: stream, now: now, state: &state) }
                    guard pass else { continue }
                }
                guard room > 0 else {
                    state.dropped[stream, default: 0] += 1
                    continue
                }
                room -= 1
                var entryFields = fields
                if fields["message"] != nil { entryFields["message"] = piece }
                file(entryFields, in: stream, now: now, state: &state)
            }
            if !observers.isEmpty { filed = state.queue[firstFiled...].map(\.1) }
            return wasEmpty && !state.queue.isEmpty
        }
        if wakeWriter { wake.signal() }
        for entry in filed { for observer in observers { observer(deployment, type, entry) } }
    }

    /// The last 500 entries of a log, or those newer than `after` (microseconds), oldest first.
    public func entries(_ deployment: String, _ type: LogType, after: Int64? = nil) -> [LogEntry] {
        guard Self.isValid(deployment) else { return [] }
        let stream = Stream(deployment: deployment, type: type)
        if !state.withLock({ $0.loaded.contains(stream) }) { load(stream) }
        let recent = state.withLock { $0.recent[stream].map { Array($0.suffix(keepInMemory)) } ?? [] }
        guard let after else { return recent }
        return recent.filter { $0.time > after }
    }

    /// Adds an observer of every entry filed from now on.
    public func observe(_ observer: @escaping Observer) {
        state.withLock { $0.observers.append(observer) }
    }

    /// Adds an observer told when a deployment's logs are removed (undeploy).
    public func observeRemoval(_ observer: @escaping @Sendable (String) -> Void) {
        state.withLock { $0.removalObservers.append(observer) }
    }

    /// Forgets every log of a deployment (undeploy): a new deployment of the same name starts empty.
    public func remove(_ deployment: String) {
        guard Self.isValid(deployment) else { return }
        flush(timeout: 2)
        state.withLock { state in
            for type in LogType.allCases {
                let stream = Stream(deployment: deployment, type: type)
                state.recent[stream] = nil
                state.loaded.insert(stream)  // nothing left on disk to load
                state.dropped[stream] = nil
                state.rates[stream] = nil
            }
            state.queue.removeAll { $0.0.deployment == deployment }
        }
        try? Files.remove("\(directory)/\(deployment)")
        for observer in state.withLock({ $0.removalObservers }) { observer(deployment) }
    }

    /// Waits until everything appended so far is on disk (tests, shutdown).
    public func flush(timeout: Double = 10) {
        let target = state.withLock { $0.enqueued }
        let deadline = Date(timeIntervalSinceNow: timeout)
        while state.withLock({ $0.written }) < target, Date() < deadline { usleep(2_000) }
    }

    /// Holds the writer back (tests of a store that falls behind).
    func pauseWriting(_ paused: Bool) {
        state.withLock { $0.paused = paused }
        wake.signal()
    }

    /// "app/dep" keys become two path components: only [a-z0-9.] and no component starting with a dot.
    static func isValid(_ deployment: String) -> Bool {
        let parts = deployment.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { part in
            part.utf8.first.map { $0 != UInt8(ascii: ".") } == true
                && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: ".") }
        }
    }

    func file(for stream: Stream) -> LogFile {
        LogFile(path: "\(directory)/\(stream.deployment)/\(stream.type.rawValue).log", capBytes: capBytes)
    }

    private func file(_ fields: [String: String], in stream: Stream, now: Int64, state: inout State) {
        // Unique, increasing times per log: polling with "newer than the last time seen" loses nothing.
        let time = max(now, (state.lastTime[stream] ?? 0) + 1)
        state.lastTime[stream] = time
        let entry = LogEntry(time: time, fields: fields)
        // In place: a copy taken out of the dictionary would be copied again (up to 1,000 entries) per append.
        state.recent[stream, default: []].append(entry)
        // Trimmed in steps, not per entry: removing the first of 500 on every append would copy them all.
        if let count = state.recent[stream]?.count, count >= keepInMemory * 2 {
            state.recent[stream]?.removeFirst(count - keepInMemory)
        }
        state.queue.append((stream, entry))
        state.enqueued += 1
    }

    private func fileFloodNote(_ count: Int, in stream: Stream, now: Int64, state: inout State) {
        let seconds = Double(rateWindow) / 1_000_000
        let window = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        if let note = stream.type.platformNote("\(count) messages were dropped: more than \(rateLimit) in \(window) s.",
                                               hostname: hostname) {
            file(note, in: stream, now: now, state: &state)
        }
    }

    /// Merges what is on disk (earlier runs) under what was appended since this process started.
    private func load(_ stream: Stream) {
        let onDisk = file(for: stream).readLast(keepInMemory)
        state.withLock { state in
            guard !state.loaded.contains(stream) else { return }
            state.loaded.insert(stream)
            let fresh = state.recent[stream] ?? []
            let firstFresh = fresh.first?.time ?? Int64.max
            let merged = onDisk.filter { $0.time < firstFresh } + fresh
            state.recent[stream] = Array(merged.suffix(keepInMemory))
            if let last = merged.last?.time { state.lastTime[stream] = max(state.lastTime[stream] ?? 0, last) }
        }
    }

    private func drainQueue() {
        let now = Int64((clock() * 1_000_000).rounded())
        state.withLock { state in
            // At most once a second: the writer also wakes for every append.
            guard now - state.lastExpiryCheck >= 1_000_000 else { return }
            state.lastExpiryCheck = now
            for stream in state.rates.keys {
                let report = state.rates[stream, default: RateWindow()].takeExpired(now: now, length: rateWindow)
                if report > 0 { fileFloodNote(report, in: stream, now: now, state: &state) }
            }
        }
        do {
            let batch = state.withLock { state -> [(Stream, LogEntry)] in
                if state.paused { return [] }
                defer { state.queue.removeAll(keepingCapacity: true) }
                return state.queue
            }
            guard !batch.isEmpty else { return }
            var byStream: [Stream: [LogEntry]] = [:]
            for (stream, entry) in batch { byStream[stream, default: []].append(entry) }
            for (stream, entries) in byStream {
                // A full disk loses these lines; the app keeps running either way.
                try? file(for: stream).append(LogFile.encode(entries))
            }
            state.withLock { $0.written += batch.count }
        }
    }
}

/// This machine's name, for the deploy log's `hostname` field.
public enum LogHost {
    public static var name: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
