import Glibc

/// The one place syscalls are retried on EINTR and turned into `NetworkError`.
enum Syscall {
    @discardableResult
    static func call(_ operation: @autoclosure () -> String, _ body: () -> Int32) throws(NetworkError) -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw NetworkError.system(operation(), code)
        }
    }

    /// Variant for read/write/send, whose results are ssize_t.
    static func size(_ operation: @autoclosure () -> String, _ body: () -> Int) throws(NetworkError) -> Int {
        while true {
            let result = body()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw NetworkError.system(operation(), code)
        }
    }
}
