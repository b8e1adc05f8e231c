/// Cheap questions about loopback TCP ports, for handing out container ports and for
/// knowing when a freshly started app listens.
public enum TCPProbe {
    /// Whether nothing is listening on `host:port` (a bind there succeeds).
    public static func isFree(port: Int, host: String = "127.0.0.1") -> Bool {
        guard let socket = try? Socket.listen(on: SocketAddress(host: host, port: port), backlog: 1) else { return false }
        socket.close()
        return true
    }

    /// Whether something accepts TCP connections on `host:port` right now.
    public static func accepts(port: Int, host: String = "127.0.0.1", timeout: Double = 1) -> Bool {
        guard let socket = try? Socket.connect(to: SocketAddress(host: host, port: port), timeout: timeout) else { return false }
        socket.close()
        return true
    }
}
