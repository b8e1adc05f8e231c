import ExoNet
import ExoSystem

/// Streams a request body into a child's stdin on its own thread, closing stdin at the end of
/// the body. When the child stops reading (EPIPE), the rest of the body is still read and
/// discarded so the connection stays in sync for keep-alive.
final class BodyFeeder: Sendable {
    private let thread: JoinableThread
    private let failure: Locked<String?>

    init(request: HTTPServerRequest, into child: ChildProcess) {
        // ExoNet allows the body to be read on one thread while another writes the response;
        // `serve` joins this thread before the exchange ends.
        let failure = Locked<String?>(nil)
        self.failure = failure
        thread = JoinableThread {
            var accepting = true
            do {
                while let chunk = try request.readBodyChunk() {
                    guard accepting, !chunk.isEmpty else { continue }
                    do { try child.writeStdin(chunk) } catch { accepting = false }
                }
            } catch {
                failure.set("\(error)")
            }
            child.closeStdin()
        }
    }

    func join() { thread.join() }

    /// Waits for the body to be consumed; returns the read error, if any.
    func finish() -> String? {
        thread.join()
        return failure.get()
    }
}
