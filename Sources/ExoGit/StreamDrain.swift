import ExoSystem

/// Reads a child's stderr to EOF on its own thread, so a chatty child never blocks on a full
/// pipe while we are busy with its stdout; keeps the last 16 KiB for error messages.
final class StreamDrain: Sendable {
    private let text = Locked<[UInt8]>([])
    private let thread: Locked<JoinableThread?> = Locked(nil)
    static let keep = 16 * 1024

    static func stderr(of child: ChildProcess) -> StreamDrain {
        let drain = StreamDrain()
        drain.thread.set(JoinableThread { [drain] in
            while let chunk = try? child.readStderr() {
                drain.text.withLock { bytes in
                    bytes += chunk
                    if bytes.count > keep { bytes.removeFirst(bytes.count - keep) }
                }
            }
        })
        return drain
    }

    /// Waits for EOF.
    func join() { thread.get()?.join() }

    /// Waits for EOF and returns what was read, decoded as UTF-8.
    func finish() -> String {
        join()
        return String(decoding: text.get(), as: UTF8.self)
    }
}
