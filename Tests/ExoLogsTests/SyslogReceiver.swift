import Foundation
import Glibc
import Synchronization

/// A syslog receiver for tests: listens on 127.0.0.1 (port 0 the first time, the same port after
/// `restart`), reads RFC 6587 octet-counted frames from every connection and keeps the messages.
final class SyslogReceiver: Sendable {
    private struct State: Sendable {
        var listener: Int32 = -1
        var connections: [Int32] = []
        var messages: [[UInt8]] = []
        var malformed = 0
        var accepted = 0
    }

    private let state = Mutex(State())
    private let boundPort = Atomic<Int>(0)
    var port: Int { boundPort.load(ordering: .relaxed) }

    init() throws { try start(port: 0) }

    var messages: [[UInt8]] { state.withLock { $0.messages } }
    var texts: [String] { messages.map { String(decoding: $0, as: UTF8.self) } }
    var malformed: Int { state.withLock { $0.malformed } }
    var accepted: Int { state.withLock { $0.accepted } }

    /// Waits until at least `count` messages arrived.
    func waitFor(_ count: Int, timeout: Double = 10) -> [String] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while messages.count < count, Date() < deadline { usleep(10_000) }
        return texts
    }

    /// Stops listening and closes every connection (the remote "goes away").
    func close() {
        let fds = state.withLock { state -> [Int32] in
            defer { state.listener = -1; state.connections = [] }
            return [state.listener] + state.connections
        }
        for fd in fds where fd >= 0 {
            Glibc.shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    /// Listens again on the same port.
    func restart() throws { try start(port: port) }

    private func start(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { Glibc.close(fd); throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        boundPort.store(Int(UInt16(bigEndian: address.sin_port)), ordering: .relaxed)
        state.withLock { $0.listener = fd }
        Thread.detachNewThread { [self] in acceptLoop(fd) }
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            state.withLock { $0.connections.append(client); $0.accepted += 1 }
            Thread.detachNewThread { [self] in readFrames(client) }
        }
    }

    private func readFrames(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            buffer += chunk[0..<count]
            while let (message, used) = Self.frame(buffer) {
                state.withLock { state in
                    if let message { state.messages.append(message) } else { state.malformed += 1 }
                }
                buffer.removeFirst(used)
                if message == nil { buffer.removeAll() }
            }
        }
    }

    /// One `LEN SP MSG` frame: (message, bytes used), (nil, n) when malformed, nil when incomplete.
    static func frame(_ bytes: [UInt8]) -> ([UInt8]?, Int)? {
        guard let space = bytes.firstIndex(of: 0x20) else { return bytes.count > 10 ? (nil, bytes.count) : nil }
        let digits = bytes[0..<space]
        guard !digits.isEmpty, digits.allSatisfy({ (0x30...0x39).contains($0) }), digits.first != 0x30,
              let length = Int(String(decoding: digits, as: UTF8.self)) else { return (nil, bytes.count) }
        guard bytes.count >= space + 1 + length else { return nil }
        return (Array(bytes[(space + 1)..<(space + 1 + length)]), space + 1 + length)
    }
}
