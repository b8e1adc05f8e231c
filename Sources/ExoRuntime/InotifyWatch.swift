import Glibc

/// Waits until one of a few files is modified (inotify), or a timeout passes. Without inotify
/// (limits reached) it degrades to sleeping for the timeout, which only adds latency.
struct InotifyWatch: Sendable {
    private let fd: Int32

    init(paths: [String]) {
        let fd = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        for path in paths where fd >= 0 { _ = inotify_add_watch(fd, path, UInt32(IN_MODIFY)) }
        self.fd = fd
    }

    func wait(milliseconds: Int32) {
        guard fd >= 0 else {
            usleep(UInt32(milliseconds) * 1000)
            return
        }
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, milliseconds) > 0 else { return }
        // The events only say "something changed": drain them, the reader looks at the files.
        var buffer = [UInt8](repeating: 0, count: 4096)
        while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
    }

    func close() { if fd >= 0 { Glibc.close(fd) } }
}
