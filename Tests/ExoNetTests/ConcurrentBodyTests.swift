import Dispatch
import ExoHTTP
import ExoNet
import Foundation
import Synchronization
import Testing

struct ConcurrentBodyTests {
    /// A CGI bridge reads the request body on one thread while streaming the response on another.
    /// With a client that sends its whole body before reading, the response writer blocks on a full
    /// socket; the body reader must still make progress or both ends wait forever.
    @Test func bodyCanBeReadWhileAResponseWriteIsBlocked() throws {
        let size = 16 << 20
        try withServer({ request, response in
            let received = Mutex(0)
            let done = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                while let chunk = try? request.readBodyChunk() { received.withLock { $0 += chunk.count } }
                done.signal()
            }
            try response.startStreaming(status: 200)
            let block = [UInt8](repeating: 120, count: 65_536)
            for _ in 0..<(size / block.count) { try response.write(block) }
            #expect(done.wait(timeout: .now() + 20) == .success)
            try response.write(Array("\nreceived \(received.withLock { $0 })".utf8))
            try response.finish()
        }) { server in
            let response = try HTTPClient(timeout: 20).send(method: "POST", url: url(server, "/cgi"),
                                                            body: .chunked(ServerBasicsTests.pieces(size / 65_536, of: 65_536)))
            #expect(response.status == 200)
            #expect(response.body.count > size)
            #expect(response.text.hasSuffix("\nreceived \(size)"))
        }
    }
}
