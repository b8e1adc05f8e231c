import Foundation
import Glibc
import Synchronization

/// A plain blocking TCP socket for tests that need exact bytes on the wire.
final class RawSocket {
    let fd: Int32

    init(fd: Int32) { self.fd = fd }

    /// Connects to 127.0.0.1:port with a 5 s receive timeout.
    convenience init(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = UInt16(port).bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
        self.init(fd: fd)
        setTimeout(5)
    }

    func setTimeout(_ seconds: Int) {
        var tv = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// One read; empty at EOF or timeout.
    func readSome() -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer[..<n]) : []
    }

    /// Reads until `marker` has arrived (or EOF/timeout) and returns everything read.
    func read(until marker: String) -> String {
        var text = ""
        while !text.contains(marker) {
            let chunk = readSome()
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text
    }

    /// Reads until EOF; `closed` is false when the timeout hit first.
    func readToEOF() -> (text: String, closed: Bool) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (String(decoding: bytes, as: UTF8.self), true) }
            if n < 0 { return (String(decoding: bytes, as: UTF8.self), false) }
            bytes += buffer[..<n]
        }
    }

    deinit { close(fd) }
}

/// A one-shot server that answers the first request with canned bytes and closes: for client tests
/// against framings exo's own server never sends.
final class CannedServer: @unchecked Sendable {
    let listener: Int32
    let port: Int
    private let thread: Thread
    private let listenerClosed: ClosedFlag

    private final class ClosedFlag: Sendable {
        let value = Mutex(false)
    }

    init(responses: [[UInt8]], delayBetween: Double = 0, holdOpen: Double = 0) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length)
                listen(fd, 8)
                return getsockname(fd, pointer, &length)
            }
        }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        // The thread owns the listener and closes it: closing it here while the thread may still
        // call accept() could accept on a reused descriptor number belonging to another test.
        let listenerClosed = ClosedFlag()
        self.listenerClosed = listenerClosed
        thread = Thread {
            let client = accept(fd, nil, nil)
            listenerClosed.value.withLock { closed in
                close(fd)
                closed = true
            }
            guard client >= 0 else { return }
            let connection = RawSocket(fd: client)
            _ = connection.read(until: "\r\n\r\n")
            for (index, response) in responses.enumerated() {
                if index > 0 && delayBetween > 0 { Thread.sleep(forTimeInterval: delayBetween) }
                connection.send(response)
            }
            if holdOpen > 0 { Thread.sleep(forTimeInterval: holdOpen) }
        }
        thread.start()
    }

    /// Wakes the thread if nobody connected; it then closes the listener itself. The flag keeps this
    /// from shutting down a descriptor number that has since been reused.
    deinit {
        listenerClosed.value.withLock { closed in
            if !closed { shutdown(listener, Int32(SHUT_RDWR)) }
        }
    }
}
