import ExoHTTP
import Glibc

/// Idle keep-alive connections to backends, owned by one event loop (no locking). Pooled
/// descriptors stay registered in the loop's epoll for reading, so a backend closing one (or
/// sending stray bytes) evicts it at once; checking one out costs no system call.
final class BackendPool {
    private struct Idle { let fd: Int32; let since: UInt64; let parser: HTTPRawResponseParser }
    private var idle: [HostPort: [Idle]] = [:]
    private var backendOf = FdTable<HostPort>()
    private let limit: Int
    private let maxIdleMillis: UInt64

    init(limit: Int, maxIdleMillis: UInt64 = 30_000) {
        self.limit = limit
        self.maxIdleMillis = maxIdleMillis
    }

    /// The most recently used idle connection to `backend`, if any, with the response parser that
    /// read its last response (its buffers are reused for the next).
    func take(_ backend: HostPort) -> (fd: Int32, parser: HTTPRawResponseParser)? {
        guard let entry = idle[backend]?.popLast() else { return nil }
        backendOf[entry.fd] = nil
        return (entry.fd, entry.parser)
    }

    /// Keeps `fd` (registered in epoll for reading) or closes it when the pool is full.
    func put(_ backend: HostPort, fd: Int32, parser: HTTPRawResponseParser, now: UInt64) {
        let limit = self.limit
        let kept = limit > 0 && Self.push(Idle(fd: fd, since: now, parser: parser), onto: &idle[backend, default: []], limit: limit)
        guard kept else { close(fd); return }
        backendOf[fd] = backend
    }

    /// One dictionary access for both the check and the append.
    private static func push(_ entry: Idle, onto list: inout [Idle], limit: Int) -> Bool {
        guard list.count < limit else { return false }
        list.append(entry)
        return true
    }

    func contains(_ fd: Int32) -> Bool { backendOf[fd] != nil }

    /// An idle connection became readable: EOF, reset or unsolicited bytes. Never reuse it.
    func evict(_ fd: Int32) {
        guard let backend = backendOf[fd] else { return }
        backendOf[fd] = nil
        idle[backend]?.removeAll { $0.fd == fd }
        if idle[backend]?.isEmpty == true { idle[backend] = nil }
        close(fd)
    }

    /// Closes connections idle for too long (backends usually time them out first).
    func expire(now: UInt64) {
        for (backend, entries) in idle {
            let keep = entries.filter { now &- $0.since < maxIdleMillis }
            guard keep.count != entries.count else { continue }
            for entry in entries where now &- entry.since >= maxIdleMillis {
                backendOf[entry.fd] = nil
                close(entry.fd)
            }
            idle[backend] = keep.isEmpty ? nil : keep
        }
    }

    func closeAll() {
        for entries in idle.values { for entry in entries { close(entry.fd) } }
        idle.removeAll()
        backendOf = FdTable()
    }
}
