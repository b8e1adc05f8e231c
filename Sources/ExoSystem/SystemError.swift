import Glibc

/// A failed system call: what was attempted, on which path (if any), and errno.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    public var operation: String
    public var path: String?
    public var errno: Int32

    public init(_ operation: String, path: String? = nil, errno: Int32 = Glibc.errno) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    public var description: String {
        let message = String(cString: strerror(errno))
        if let path { return "\(operation) \(path): \(message) (errno \(errno))" }
        return "\(operation): \(message) (errno \(errno))"
    }
}

/// Runs a syscall-style body until it stops failing with EINTR; throws SystemError for
/// any other -1 result. The one place that loops on EINTR, so callers never forget it.
@discardableResult
func retryingEINTR<T: BinaryInteger>(_ operation: String, path: String? = nil, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemError(operation, path: path, errno: code)
    }
}
