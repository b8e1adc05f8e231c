import CShim
import Glibc
import Synchronization

/// A spawned child with optional pipes to its standard streams. Reads and writes block the
/// calling thread; read stdout and stderr from different threads (or use `Command.run`) so a
/// child filling one pipe never deadlocks against a parent blocked on the other.
public final class ChildProcess: Sendable {
    /// Where the child's stdin comes from.
    public enum Input: Sendable { case null, pipe, fileDescriptor(Int32) }
    /// Where the child's stdout or stderr goes; `mergeWithStdout` is for stderr only.
    public enum Output: Sendable { case null, pipe, mergeWithStdout, fileDescriptor(Int32) }

    /// The child's process id (also its process group and session id with `newSession`).
    public let pid: Int32
    /// The argv the child was started with (argv[0] as given, before PATH lookup).
    public let argv: [String]
    private let stdinFD: Atomic<Int32>
    private let stdoutFD: Int32
    private let stderrFD: Int32
    private let newSession: Bool
    /// nil until reaped; signalling only happens while this is nil, under the lock, so a
    /// recycled pid is never signalled.
    private let reaped = Mutex<ExitStatus?>(nil)

    init(pid: Int32, argv: [String], stdin: Int32, stdout: Int32, stderr: Int32, newSession: Bool) {
        self.pid = pid
        self.argv = argv
        self.stdinFD = Atomic(stdin)
        self.stdoutFD = stdout
        self.stderrFD = stderr
        self.newSession = newSession
    }

    deinit {
        closeStdin()
        if stdoutFD >= 0 { close(stdoutFD) }
        if stderrFD >= 0 { close(stderrFD) }
        // Reap if it already exited so an abandoned child does not stay a zombie.
        reaped.withLock { status in
            if status == nil { var raw: Int32 = 0; _ = waitpid(pid, &raw, WNOHANG) }
        }
    }

    /// Writes all bytes to the child's stdin pipe (blocks while the pipe is full).
    public func writeStdin(_ bytes: [UInt8]) throws {
        let fd = stdinFD.load(ordering: .acquiring)
        guard fd >= 0 else { throw SystemError("write stdin", errno: EBADF) }
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = try retryingEINTR("write stdin") {
                    write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
                offset += written
            }
        }
    }

    /// Closes the stdin pipe so the child sees EOF. Idempotent.
    public func closeStdin() {
        let fd = stdinFD.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }

    /// Reads what is available from stdout, blocking until at least one byte or EOF (nil).
    public func readStdout(upTo max: Int = 65536) throws -> [UInt8]? {
        try Self.read(stdoutFD, upTo: max, name: "stdout")
    }

    /// Reads what is available from stderr, blocking until at least one byte or EOF (nil).
    public func readStderr(upTo max: Int = 65536) throws -> [UInt8]? {
        try Self.read(stderrFD, upTo: max, name: "stderr")
    }

    /// Reads one stream until EOF.
    public func readAllStdout() throws -> [UInt8] { try Self.readAll(stdoutFD, name: "stdout") }
    /// Reads one stream until EOF.
    public func readAllStderr() throws -> [UInt8] { try Self.readAll(stderrFD, name: "stderr") }

    /// Sends `signal` to the child (or, with `newSession`, to its whole process group).
    /// Does nothing once the child has been reaped.
    public func signal(_ signal: Int32) {
        reaped.withLock { status in
            guard status == nil else { return }
            _ = kill(newSession ? -pid : pid, signal)
        }
    }

    /// Blocks until the child exits and returns how it ended. Several threads may wait.
    public func wait() -> ExitStatus {
        if let status = reaped.withLock({ $0 }) { return status }
        // Wait without reaping first, so signal() can keep trusting the pid while we block.
        while cshim_wait_exited_nowait(pid) == -1 && errno == EINTR {}
        return reaped.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) == -1 {
                if errno != EINTR { raw = -1; break }
            }
            let result = Self.decode(raw)
            status = result
            return result
        }
    }

    /// The exit status if the child has already exited, without blocking.
    public func poll() -> ExitStatus? {
        reaped.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            guard waitpid(pid, &raw, WNOHANG) == pid else { return nil }
            status = Self.decode(raw)
            return status
        }
    }

    private static func decode(_ raw: Int32) -> ExitStatus {
        if raw == -1 { return .exited(255) }  // not our child any more; nothing better to report
        var code: Int32 = 0
        switch cshim_decode_wait_status(raw, &code) {
        case 1: return .exited(code)
        case 2: return .signaled(code)
        default: return .exited(255)
        }
    }

    private static func read(_ fd: Int32, upTo max: Int, name: String) throws -> [UInt8]? {
        guard fd >= 0 else { throw SystemError("read \(name) (not a pipe)", errno: EBADF) }
        var buffer = [UInt8](repeating: 0, count: Swift.max(1, max))
        let count = try buffer.withUnsafeMutableBytes { raw in
            try retryingEINTR("read \(name)") { Glibc.read(fd, raw.baseAddress, raw.count) }
        }
        if count == 0 { return nil }
        buffer.removeSubrange(count...)
        return buffer
    }

    private static func readAll(_ fd: Int32, name: String) throws -> [UInt8] {
        var all: [UInt8] = []
        while let chunk = try read(fd, upTo: 65536, name: name) { all += chunk }
        return all
    }
}
