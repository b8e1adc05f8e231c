import Glibc

/// Idle keep-alive connections to backends, owned by one event loop (no locking).
final class BackendPool {
    private struct Idle { let fd: Int32; let since: UInt64 }
    private var idle: [HostPort: [Idle]] = [:]
    private let limit: Int
    private let maxIdleMillis: UInt64

    init(limit: Int, maxIdleMillis: UInt64 = 30_000) {
        self.limit = limit
        self.maxIdleMillis = maxIdleMillis
    }

    /// A live idle connection to `backend`, most recently used first; dead ones are closed on the way.
    func take(_ backend: HostPort) -> Int32? {
        while let entry = idle[backend]?.popLast() {
            if !Socket.isDead(entry.fd) { return entry.fd }
            close(entry.fd)
        }
        return nil
    }

    func put(_ backend: HostPort, fd: Int32, now: UInt64) {
        guard limit > 0, idle[backend, default: []].count < limit else { close(fd); return }
        idle[backend, default: []].append(Idle(fd: fd, since: now))
    }

    /// Closes connections idle for too long (backends usually time them out first).
    func expire(now: UInt64) {
        for (backend, entries) in idle {
            let keep = entries.filter { now &- $0.since < maxIdleMillis }
            for entry in entries where now &- entry.since >= maxIdleMillis { close(entry.fd) }
            idle[backend] = keep.isEmpty ? nil : keep
        }
    }

    func closeAll() {
        for entries in idle.values { for entry in entries { close(entry.fd) } }
        idle.removeAll()
    }
}
