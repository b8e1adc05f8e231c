import Glibc

/// An exclusive advisory lock on a file (flock), held for the life of the process: one exod per
/// data directory. The kernel drops it when the process dies, so a crash never leaves it stale.
public final class FileLock: Sendable {
    private let fd: Int32

    /// Takes the lock or throws at once (never waits) when another process holds it.
    public init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open", path: path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            throw SystemError("flock", path: path, errno: code)
        }
        self.fd = fd
    }

    deinit { close(fd) }
}
