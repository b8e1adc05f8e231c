import Glibc

/// A daemon's own log lines on stderr. A write that fails (the reader of a pipe went away, a full
/// disk) is dropped: losing a log line must never stop the daemon, as Foundation's
/// `FileHandle.write` would (it traps on EPIPE). Callers ignore SIGPIPE first.
public enum StandardError {
    public static func writeLine(_ text: String) {
        var line = Array(text.utf8)
        line.append(UInt8(ascii: "\n"))
        line.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
