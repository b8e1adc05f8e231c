import Glibc

/// A failed socket operation or client-side HTTP failure.
public struct NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        case system(errno: Int32)   // a syscall failed
        case timeout                // no progress within the configured timeout
        case closed                 // the peer closed the connection early
        case invalidURL
        case resolve                // the host name did not resolve
        case protocolError          // the peer sent something that is not HTTP/1.1
    }
    public var kind: Kind
    public var operation: String
    public var detail: String

    public init(_ kind: Kind, _ operation: String, _ detail: String = "") {
        self.kind = kind; self.operation = operation; self.detail = detail
    }

    static func system(_ operation: String, _ code: Int32 = errno) -> NetworkError {
        if code == EAGAIN || code == EWOULDBLOCK || code == ETIMEDOUT { return NetworkError(.timeout, operation, "timed out") }
        return NetworkError(.system(errno: code), operation, String(cString: strerror(code)))
    }

    public var isTimeout: Bool { kind == .timeout }

    public var description: String {
        detail.isEmpty ? "\(operation): \(kind)" : "\(operation): \(detail)"
    }
}
