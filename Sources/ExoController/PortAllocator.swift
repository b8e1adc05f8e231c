import Glibc
import Synchronization

/// Hands out host ports for web containers (they share the host network namespace, so each
/// container listens on its own port). A port is free when nothing else is bound to it.
public final class PortAllocator: Sendable {
    private let range: ClosedRange<Int>
    private let state: Mutex<(inUse: Set<Int>, next: Int)>

    public init(range: ClosedRange<Int>) {
        self.range = range
        state = Mutex((inUse: [], next: range.lowerBound))
    }

    /// The next port in the range that is neither handed out nor bound by another process.
    public func allocate() -> Int? {
        state.withLock { s in
            for _ in 0..<range.count {
                let port = s.next
                s.next = port >= range.upperBound ? range.lowerBound : port + 1
                if !s.inUse.contains(port) && Self.isFree(port) {
                    s.inUse.insert(port)
                    return port
                }
            }
            return nil
        }
    }

    public func reserve(_ port: Int) { _ = state.withLock { $0.inUse.insert(port) } }

    public func release(_ port: Int) { _ = state.withLock { $0.inUse.remove(port) } }

    static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Whether something accepts TCP connections on 127.0.0.1:port right now.
    public static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
