import ExoSystem
import Glibc

/// A backend whose connections are handled by a raw closure, for framing edge cases the
/// well-behaved `TestBackend` never produces (close-delimited bodies, 101, stalls, early answers).
final class RawBackend: Sendable {
    let port: Int
    private let listenFd: Int32

    init(_ serve: @escaping @Sendable (Int32) -> Void) throws {
        (listenFd, port) = try TestSockets.listen()
        let listener = listenFd
        JoinableThread.detach {
            while true {
                let fd = accept(listener, nil, nil)
                if fd < 0 {
                    if errno == EINTR { continue }
                    close(listener)
                    return
                }
                JoinableThread.detach {
                    serve(fd)
                    close(fd)
                }
            }
        }
    }

    var address: String { "127.0.0.1:\(port)" }

    func stop() { shutdown(listenFd, Int32(SHUT_RDWR)) }

    /// Reads until the end of a request head; returns the head text and any bytes after it.
    static func readHead(_ fd: Int32) -> (head: String, rest: [UInt8])? {
        var buffer: [UInt8] = []
        let marker = Array("\r\n\r\n".utf8)
        while true {
            if let end = find(marker, in: buffer) {
                return (String(decoding: buffer[..<end], as: UTF8.self), Array(buffer[(end + 4)...]))
            }
            guard let bytes = try? TestSockets.receive(fd) else { return nil }
            buffer += bytes
        }
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}
