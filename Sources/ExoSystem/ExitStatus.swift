/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    case exited(Int32)
    case signaled(Int32)

    /// True for `exited(0)`.
    public var isSuccess: Bool { self == .exited(0) }

    /// The shell convention: the exit code, or 128 + signal number.
    public var code: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }

    public var description: String {
        switch self {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }
}

/// A command that ran to completion with a non-zero status.
public struct ProcessFailure: Error, Sendable, CustomStringConvertible {
    public var argv: [String]
    /// Exit code, or 128 + signal number when the process was killed.
    public var status: Int32
    public var stderr: String

    public init(argv: [String], status: Int32, stderr: String) {
        self.argv = argv
        self.status = status
        self.stderr = stderr
    }

    public var description: String {
        let tail = stderr.count > 2000 ? "…" + String(stderr.suffix(2000)) : stderr
        let text = tail.trimmingSuffix(while: { $0.isNewline })
        return "\(argv) failed with status \(status)" + (text.isEmpty ? "" : ": \(text)")
    }
}

extension String {
    func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var result = self
        while let last = result.last, predicate(last) { result.removeLast() }
        return result
    }
}
