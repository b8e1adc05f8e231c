import CShim
import Glibc

/// One epoll instance; level-triggered, tokens carry the descriptor and its role.
struct Epoll {
    enum Role: UInt64 { case listener = 0, wake = 1, client = 2, backend = 3 }
    static let readable = EPOLLIN.rawValue
    static let writable = EPOLLOUT.rawValue
    static let hangup = EPOLLHUP.rawValue | EPOLLERR.rawValue

    let fd: Int32

    init() throws(RouterError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw RouterError("epoll_create1: \(String(cString: strerror(errno)))") }
    }

    static func token(_ role: Role, _ owner: Int32) -> UInt64 { role.rawValue << 32 | UInt64(UInt32(bitPattern: owner)) }
    static func decode(_ token: UInt64) -> (Role, Int32) {
        (Role(rawValue: token >> 32) ?? .client, Int32(bitPattern: UInt32(truncatingIfNeeded: token)))
    }

    func add(_ target: Int32, token: UInt64, events: UInt32) {
        control(EPOLL_CTL_ADD, target, token, events)
    }

    func modify(_ target: Int32, token: UInt64, events: UInt32) {
        control(EPOLL_CTL_MOD, target, token, events)
    }

    func remove(_ target: Int32) {
        var event = epoll_event()
        epoll_ctl(fd, EPOLL_CTL_DEL, target, &event)
    }

    private func control(_ op: Int32, _ target: Int32, _ token: UInt64, _ events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        epoll_ctl(fd, op, target, &event)
    }
}

/// Milliseconds on the monotonic clock.
func monotonicMillis() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
}

/// Wall-clock milliseconds since the epoch (X-Request-Start).
func wallClockMillis() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return UInt64(now.tv_sec) * 1000 + UInt64(now.tv_nsec) / 1_000_000
}
