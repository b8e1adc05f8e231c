import ExoHTTP
import ExoSystem
import Glibc
import Synchronization

/// A small blocking HTTP/1.1 server standing in for an app container: a thread per connection,
/// keep-alive, and by default an echo of what it received (its name, method, target, headers,
/// body byte count) so tests can see what the router forwarded.
final class TestBackend: Sendable {
    typealias Handler = @Sendable (HTTPRequestHead, [UInt8]) -> (status: Int, headers: [(String, String)], body: [UInt8])

    let name: String
    let port: Int
    private let listenFd: Int32
    private let handler: Handler
    private let served = Atomic<Int>(0)
    private let connections = Atomic<Int>(0)
    private let open = Mutex<Set<Int32>>([])

    init(name: String, handler: Handler? = nil) throws {
        self.name = name
        (listenFd, port) = try TestSockets.listen()
        self.handler = handler ?? TestBackend.echo(name)
        let fd = listenFd
        JoinableThread.detach { [self] in acceptLoop(fd) }
    }

    var address: String { "127.0.0.1:\(port)" }
    var requestCount: Int { served.load(ordering: .relaxed) }
    var connectionCount: Int { connections.load(ordering: .relaxed) }

    func stop() {
        // Only shutdown: the accept thread closes the descriptor, so its number cannot be reused
        // (and accepted from) while that thread still holds it.
        shutdown(listenFd, Int32(SHUT_RDWR))
        open.withLock { fds in for fd in fds { shutdown(fd, Int32(SHUT_RDWR)) } }
    }

    static func echo(_ name: String) -> Handler {
        { head, body in
            var text = "backend=\(name)\nmethod=\(head.method)\ntarget=\(head.target)\nbytes=\(body.count)\n"
            for (field, value) in head.headers { text += "h:\(field.lowercased())=\(value)\n" }
            return (200, [("Content-Type", "text/plain")], Array(text.utf8))
        }
    }

    private func acceptLoop(_ listener: Int32) {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                close(listener)
                return
            }
            connections.add(1, ordering: .relaxed)
            open.withLock { _ = $0.insert(fd) }
            JoinableThread.detach { [self] in serve(fd) }
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            open.withLock { _ = $0.remove(fd) }
            close(fd)
        }
        var parser = HTTPRequestParser()
        var head: HTTPRequestHead?
        var body: [UInt8] = []
        while let bytes = try? TestSockets.receive(fd) {
            guard let events = try? parser.feed(bytes) else { return }
            for event in events {
                switch event {
                case .head(let h): head = h; body = []
                case .body(let b): body += b
                case .end:
                    guard let request = head else { return }
                    served.add(1, ordering: .relaxed)
                    let response = handler(request, body)
                    var headers = HTTPHeaders(response.headers)
                    if !headers.contains("Transfer-Encoding") { headers.set("Content-Length", String(response.body.count)) }
                    let out = HTTPSerializer.responseHead(HTTPResponseHead(status: response.status, headers: headers)) + response.body
                    guard (try? TestSockets.sendAll(fd, out)) != nil else { return }
                    if !request.keepAlive { return }
                }
            }
        }
    }
}
