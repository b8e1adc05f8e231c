import Foundation
import Glibc

/// The terminal as the commands see it; tests substitute a recording console.
public protocol Console: Sendable {
    /// Writes to stdout.
    func write(_ text: String)
    /// Writes to stderr.
    func writeError(_ text: String)
    /// Shows `prompt` on stdout (Python's `raw_input`) and reads one line; nil at end of input.
    func readLine(prompt: String) -> String?
    /// Reads a password without echo (Python's `getpass`); nil at end of input.
    func readSecret(prompt: String) -> String?
}

extension Console {
    /// Python's `print`: the text and a newline on stdout.
    func print(_ text: String = "") { write(text + "\n") }
    func printError(_ text: String) { writeError(text + "\n") }
}

/// The process's own stdin, stdout, stderr and terminal.
public struct StandardConsole: Console {
    public init() {}

    public func write(_ text: String) { Self.writeAll(1, text) }

    public func writeError(_ text: String) { Self.writeAll(2, text) }

    public func readLine(prompt: String) -> String? {
        write(prompt)
        return Swift.readLine(strippingNewline: true)
    }

    public func readSecret(prompt: String) -> String? {
        // getpass(3) reads from /dev/tty without echo, falling back to stdin/stderr without a terminal.
        guard isatty(0) == 1, let pointer = getpass(prompt) else {
            writeError(prompt)
            return Swift.readLine(strippingNewline: true)
        }
        return String(cString: pointer)
    }

    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
