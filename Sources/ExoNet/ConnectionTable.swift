/// The server's open connections and what each is doing, for fair admission. A connection is
/// either waiting for its next request head (just accepted, idle keep-alive, or a head still
/// arriving) or busy in an exchange. When the table is full, the connection that has waited
/// longest is closed to make room, so idle connections of one client cannot lock everyone out;
/// a newcomer is refused only while every connection is busy.
struct ConnectionTable: Sendable {
    private struct Entry: Sendable {
        var socket: Socket
        /// Nil while an exchange is in progress.
        var waitingSince: ContinuousClock.Instant?
        /// Chosen to make room: its socket is shut down and it must not start an exchange.
        var evicted = false
    }

    enum Admission: Sendable {
        case admitted
        /// No room: this waiting connection was shut down to make some; retry once it is gone.
        case evicting(Socket)
        /// Every connection is in an exchange (or already being evicted).
        case full
    }

    let capacity: Int
    private var entries: [Int32: Entry] = [:]

    init(capacity: Int) { self.capacity = capacity }

    var sockets: [Socket] { entries.values.map(\.socket) }

    /// Admits `socket` if there is room; else evicts the connection waiting longest, if any.
    /// The evicted socket is shut down here, under the caller's lock, so the descriptor number
    /// cannot have been reused by then (connections are closed under the same lock).
    mutating func admit(_ socket: Socket, now: ContinuousClock.Instant = .now) -> Admission {
        if entries.count < capacity {
            entries[socket.fd] = Entry(socket: socket, waitingSince: now)
            return .admitted
        }
        let candidates = entries.filter { !$0.value.evicted && $0.value.waitingSince != nil }
        guard let oldest = candidates.min(by: { $0.value.waitingSince! < $1.value.waitingSince! }) else { return .full }
        entries[oldest.key]?.evicted = true
        oldest.value.socket.shutdown()
        return .evicting(oldest.value.socket)
    }

    /// Whether `admit` would find room now (an evicted connection has gone).
    var hasRoom: Bool { entries.count < capacity }

    /// The connection waits for its next request head from now on.
    mutating func waiting(_ fd: Int32, now: ContinuousClock.Instant = .now) {
        guard entries[fd]?.evicted == false else { return }
        entries[fd]?.waitingSince = now
    }

    /// The connection has a request head and starts an exchange; false when it was evicted
    /// meanwhile (the request is then not handled and the connection closes).
    mutating func busy(_ fd: Int32) -> Bool {
        guard let entry = entries[fd], !entry.evicted else { return false }
        entries[fd]?.waitingSince = nil
        return true
    }

    mutating func remove(_ fd: Int32) { entries[fd] = nil }
}
