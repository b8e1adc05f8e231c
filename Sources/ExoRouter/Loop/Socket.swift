import CShim
import Glibc

/// Non-blocking socket calls for the event loops. Every call that can see EINTR retries here.
enum Socket {
    /// A listening socket with SO_REUSEPORT, so each loop can own one on the same port.
    static func listen(_ address: HostPort, backlog: Int32 = 4096) throws(RouterError) -> Int32 {
        let ip = try IPAddress(address)
        let fd = socket(ip.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, socklen_t(MemoryLayout<Int32>.size))
        let bound = ip.withSockaddr { bind(fd, $0, $1) }
        guard bound == 0 else { let error = failure("bind \(address)"); close(fd); throw error }
        guard Glibc.listen(fd, backlog) == 0 else { let error = failure("listen \(address)"); close(fd); throw error }
        return fd
    }

    /// The port a socket is bound to (after binding port 0).
    static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return IPAddress.describe(storage).port
    }

    enum AcceptResult { case accepted(fd: Int32, peer: String), none, outOfDescriptors }

    /// Accepts one connection (non-blocking, TCP_NODELAY).
    static func accept(_ listener: Int32) -> AcceptResult {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        while true {
            let fd = withUnsafeMutablePointer(to: &storage) {
                cshim_accept4(listener, $0, &length, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
            }
            if fd >= 0 {
                setNoDelay(fd)
                return .accepted(fd: fd, peer: IPAddress.describe(storage).host)
            }
            if errno == EINTR || errno == ECONNABORTED { continue }
            if errno == EMFILE || errno == ENFILE { return .outOfDescriptors }
            return .none
        }
    }

    /// Starts a non-blocking connect; the caller waits for writability and checks `pendingError`.
    static func connect(_ address: HostPort) throws(RouterError) -> Int32 {
        let ip = try IPAddress(address)
        let fd = socket(ip.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw failure("socket") }
        setNoDelay(fd)
        let result = ip.withSockaddr { Glibc.connect(fd, $0, $1) }
        if result == 0 || errno == EINPROGRESS || errno == EINTR { return fd }
        let error = failure("connect \(address)")
        close(fd)
        throw error
    }

    /// SO_ERROR after a non-blocking connect: 0 when connected.
    static func pendingError(_ fd: Int32) -> Int32 {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &value, &length) == 0 else { return errno }
        return value
    }

    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    enum IOResult { case bytes(Int), wouldBlock, closed, failed(Int32) }

    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            // recv, not read: a socket read through the VFS layer costs a little more per call.
            let n = recv(fd, buffer.baseAddress, buffer.count, 0)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .closed }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno)
        }
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> IOResult {
        while true {
            let n = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if n >= 0 { return .bytes(n) }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return .wouldBlock }
            return .failed(errno)
        }
    }

    private static func failure(_ operation: String) -> RouterError {
        RouterError("\(operation): \(String(cString: strerror(errno)))")
    }
}
