import Glibc

/// A connected TCP or UDP socket to a syslog remote, used by one sender thread. Written against
/// Glibc here because ExoNet's socket type is internal to it and HTTP-shaped; the calls are the
/// same few (getaddrinfo, non-blocking connect with poll, send with MSG_NOSIGNAL).
struct SyslogConnection: Sendable {
    let fd: Int32
    let transport: SyslogTarget.Transport

    struct Failure: Error, Sendable, CustomStringConvertible {
        var description: String
    }

    /// Resolves `target` and connects to the first address that accepts, within `timeout` each.
    static func open(_ target: SyslogTarget, timeout: Double) throws(Failure) -> SyslogConnection {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(target.transport == .tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(target.host, String(target.port), &hints, &list)
        guard status == 0, let first = list else {
            throw Failure(description: "cannot resolve \(target.host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var failure = Failure(description: "no address for \(target.host)")
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            cursor = entry.pointee.ai_next
            let fd = socket(entry.pointee.ai_family, entry.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { failure = .system("socket"); continue }
            do {
                try connect(fd, entry.pointee.ai_addr, entry.pointee.ai_addrlen, timeout: timeout)
                var tv = timeval(tv_sec: Int(timeout.rounded(.up)), tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                return SyslogConnection(fd: fd, transport: target.transport)
            } catch {
                Glibc.close(fd)
                failure = error
            }
        }
        throw failure
    }

    private static func connect(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t,
                                timeout: Double) throws(Failure) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        if Glibc.connect(fd, address, length) != 0 {
            guard errno == EINPROGRESS || errno == EINTR else { throw .system("connect") }
            var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            var ready: Int32
            repeat { ready = poll(&pfd, 1, Int32(timeout * 1000)) } while ready < 0 && errno == EINTR
            guard ready > 0 else { throw Failure(description: "connect timed out") }
            var error: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
            if error != 0 { throw .system("connect", error) }
        }
        _ = fcntl(fd, F_SETFL, flags)
    }

    /// Sends all of `bytes` (one datagram for UDP).
    func send(_ bytes: [UInt8]) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw .system("send")
            }
            offset += sent
        }
    }

    /// A syslog receiver never sends anything, so a readable TCP socket means it closed (or reset)
    /// the connection: checked before each batch, because a send into a closed connection still
    /// succeeds once and the batch would be lost.
    var peerClosed: Bool {
        guard transport == .tcp else { return false }
        var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&pfd, 1, 0) > 0 else { return false }
        var byte: UInt8 = 0
        let read = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        return read == 0 || (read < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    func close() { Glibc.close(fd) }
}

extension SyslogConnection.Failure {
    static func system(_ operation: String, _ code: Int32 = errno) -> Self {
        Self(description: "\(operation): \(String(cString: strerror(code)))")
    }
}
