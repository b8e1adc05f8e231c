import CShim
import Glibc

/// A TCP socket descriptor and the blocking operations exo needs. It does not own the descriptor's
/// lifetime: whoever created it calls `close()` exactly once.
struct Socket: Sendable {
    let fd: Int32

    static func listen(on address: SocketAddress, backlog: Int32 = 512) throws(NetworkError) -> Socket {
        var lastError = NetworkError(.resolve, "listen \(address)", "no address")
        for candidate in try address.resolve(passive: true) {
            let fd = try Syscall.call("socket") { socket(candidate.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            let sock = Socket(fd: fd)
            do {
                try sock.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
                try Syscall.call("bind \(address)") { candidate.withSockaddr { bind(fd, $0, $1) } }
                try Syscall.call("listen \(address)") { Glibc.listen(fd, backlog) }
                return sock
            } catch {
                sock.close()
                lastError = error
            }
        }
        throw lastError
    }

    /// Connects with a deadline; the socket stays blocking with send/receive timeouts set.
    static func connect(to address: SocketAddress, timeout: Double) throws(NetworkError) -> Socket {
        var lastError = NetworkError(.resolve, "connect \(address)", "no address")
        for candidate in try address.resolve(passive: false) {
            let fd = try Syscall.call("socket") { socket(candidate.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
            let sock = Socket(fd: fd)
            do {
                try sock.connect(candidate, timeout: timeout, label: address.description)
                try sock.setOption(Int32(IPPROTO_TCP), TCP_NODELAY, 1)
                try sock.setTimeout(timeout)
                return sock
            } catch {
                sock.close()
                lastError = error
            }
        }
        throw lastError
    }

    private func connect(_ address: ResolvedAddress, timeout: Double, label: String) throws(NetworkError) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        let result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
        if result != 0 {
            guard errno == EINPROGRESS || errno == EINTR else { throw NetworkError.system("connect \(label)") }
            guard try waitUntil(Int16(POLLOUT), timeout: timeout) else { throw NetworkError(.timeout, "connect \(label)", "timed out") }
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error != 0 { throw NetworkError.system("connect \(label)", error) }
        }
        _ = fcntl(fd, F_SETFL, flags)
    }

    /// Accepts one connection; returns the socket and the peer's "ip:port".
    func accept() throws(NetworkError) -> (Socket, String) {
        var storage = sockaddr_storage()
        var length = UInt32(MemoryLayout<sockaddr_storage>.size)
        let client = try withUnsafeMutablePointer(to: &storage) { pointer throws(NetworkError) in
            try Syscall.call("accept") { cshim_accept4(fd, pointer, &length, Int32(SOCK_CLOEXEC.rawValue)) }
        }
        let peer = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { ResolvedAddress.describe($0) }
        }
        return (Socket(fd: client), peer)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) throws(NetworkError) {
        var v = value
        try Syscall.call("setsockopt") { setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size)) }
    }

    /// Send and receive timeouts; 0 means none.
    func setTimeout(_ seconds: Double) throws(NetworkError) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1_000_000))
        for option in [SO_RCVTIMEO, SO_SNDTIMEO] {
            try Syscall.call("setsockopt") { setsockopt(fd, SOL_SOCKET, option, &tv, socklen_t(MemoryLayout<timeval>.size)) }
        }
    }

    /// Waits for readiness; false on timeout.
    func waitUntil(_ events: Int16, timeout: Double) throws(NetworkError) -> Bool {
        var pfd = pollfd(fd: fd, events: events, revents: 0)
        let ready = try Syscall.call("poll") { poll(&pfd, 1, Int32(min(timeout * 1000, Double(Int32.max)))) }
        return ready > 0
    }

    var localPort: Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return withUnsafePointer(to: &storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at EOF.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(NetworkError) -> Int {
        try Syscall.size("read") { recv(fd, buffer.baseAddress, buffer.count, 0) }
    }

    /// Writes everything; MSG_NOSIGNAL turns a closed peer into EPIPE instead of killing the process.
    func write(_ bytes: UnsafeRawBufferPointer) throws(NetworkError) {
        var offset = 0
        while offset < bytes.count {
            offset += try Syscall.size("write") {
                send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            }
        }
    }

    func write(_ bytes: [UInt8]) throws(NetworkError) {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(NetworkError) in try write(raw) } }
        try result.get()
    }

    /// Wakes any thread blocked on this socket without freeing the descriptor number.
    func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    func close() { _ = Glibc.close(fd) }
}
