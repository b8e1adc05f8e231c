import ExoHTTP
import Glibc

/// A client speaking raw bytes to the router, so tests control every header (or its absence).
final class RawClient {
    struct Response {
        var head: HTTPResponseHead
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var status: Int { head.status }
        /// Echo lines "key=value" of a TestBackend body.
        func echoed(_ key: String) -> [String] {
            text.split(separator: "\n").compactMap { line in
                line.hasPrefix(key + "=") ? String(line.dropFirst(key.count + 1)) : nil
            }
        }
    }

    let fd: Int32
    private var parser = HTTPResponseParser()
    private var pending: [UInt8] = []

    init(port: Int) throws { fd = try TestSockets.connect(port: port) }
    deinit { close(fd) }

    func send(_ text: String) throws { try TestSockets.sendAll(fd, Array(text.utf8)) }
    func send(_ bytes: [UInt8]) throws { try TestSockets.sendAll(fd, bytes) }

    /// Reads exactly one response (bytes of a following one stay buffered).
    func readResponse(method: String = "GET") throws -> Response {
        parser.expect(requestMethod: method)
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        while true {
            if !pending.isEmpty {
                var events: [HTTPResponseParser.Event] = []
                let consumed = try pending.withUnsafeBytes { try parser.consume($0, into: &events, stopAfterMessage: true) }
                pending.removeFirst(consumed)
                for event in events {
                    switch event {
                    case .head(let h) where h.status >= 200 || h.status == 101: head = h
                    case .head: break
                    case .body(let b): body += b
                    case .end: if let head { return Response(head: head, body: body) }
                    }
                }
                if consumed > 0 { continue }
            }
            guard let bytes = try TestSockets.receive(fd) else {
                for event in try parser.finishAtEOF() {
                    if case .body(let b) = event { body += b }
                    if case .end = event, let head { return Response(head: head, body: body) }
                }
                throw TestFailure("connection closed before a complete response")
            }
            pending += bytes
        }
    }

    /// True when the router closed the connection (EOF with nothing pending).
    func isClosedByPeer() -> Bool {
        guard pending.isEmpty else { return false }
        return (try? TestSockets.receive(fd)) == .some(nil)
    }

    /// One-shot GET with the given Host header.
    static func get(port: Int, host: String?, path: String = "/", extraHeaders: String = "") throws -> Response {
        let client = try RawClient(port: port)
        let hostLine = host.map { "Host: \($0)\r\n" } ?? ""
        try client.send("GET \(path) HTTP/1.1\r\n\(hostLine)\(extraHeaders)Connection: close\r\n\r\n")
        return try client.readResponse()
    }
}
