import ExoSystem
import Glibc
import Synchronization

/// Delivers what a detached container appends to its output files, line by line, from one
/// thread: woken by inotify (or every 100 ms), it reads from the delivered offsets, stores them
/// after each batch, and punches holes behind them so the files take no disk space once read.
/// Started again by a later exod, it resumes at the stored offsets; more than `replayLimit`
/// bytes per stream are skipped (a container that talked for hours while exod was down must
/// not stall the restart) and reported as one line.
final class OutputFollower: Sendable {
    private let files: ContainerFiles
    private let output: @Sendable (OutputLine) -> Void
    private let replayLimit: Int64
    private let finishing = Atomic<Bool>(false)
    private let thread = Mutex<JoinableThread?>(nil)

    static let batchBytes = 65536
    /// Holes are punched in steps of this many consumed bytes (a multiple of the block size).
    static let punchStep: Int64 = 1 << 20

    init(files: ContainerFiles, replayLimit: Int = 1 << 20, output: @escaping @Sendable (OutputLine) -> Void) {
        self.files = files
        self.replayLimit = Int64(replayLimit)
        self.output = output
    }

    /// Starts following; `resume` continues at the stored offsets (adopting), else from 0.
    func start(resume: Bool) {
        let thread = JoinableThread { [self] in run(resume: resume) }
        self.thread.withLock { $0 = thread }
    }

    /// Delivers, on the calling thread, what a container that has already ended left unread
    /// (from the stored offsets, within the replay limit, unterminated last line included).
    func drain() {
        finishing.store(true, ordering: .releasing)
        run(resume: true)
    }

    /// The container has exited: deliver the rest (including an unterminated last line), then stop.
    func finish() {
        finishing.store(true, ordering: .releasing)
        thread.withLock { $0 }?.join()
    }

    private func run(resume: Bool) {
        let stored = resume ? StoredOffsets.read(files.offsets) : (0, 0)
        var streams = [Stream(.stdout, files: files, offset: stored.0), Stream(.stderr, files: files, offset: stored.1)]
        defer { for stream in streams { stream.close() } }
        let offsetsFD = open(files.offsets, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        defer { if offsetsFD >= 0 { close(offsetsFD) } }
        for index in streams.indices where resume {
            let skipped = streams[index].skipBeyond(replayLimit)
            if skipped > 0 {
                output(OutputLine(stream: streams[index].kind,
                                  text: "[exo] \(skipped) bytes of output written while exod was down were dropped (replay is limited to \(replayLimit) bytes)"))
            }
        }
        let watch = InotifyWatch(paths: [files.stdout, files.stderr])
        defer { watch.close() }
        while true {
            // Read the flag before draining: whatever the container wrote before exiting is then seen.
            let last = finishing.load(ordering: .acquiring)
            var progressed = false
            for index in streams.indices where streams[index].readBatch(deliver: output) { progressed = true }
            if progressed {
                StoredOffsets.write(offsetsFD, streams.map(\.committed))
                for index in streams.indices { streams[index].punchConsumed() }
                continue
            }
            if last { break }
            watch.wait(milliseconds: 100)
        }
        for index in streams.indices { streams[index].flush(deliver: output) }
        StoredOffsets.write(offsetsFD, streams.map(\.committed))
    }

    /// One output file being followed.
    private struct Stream {
        let kind: OutputLine.Stream
        let fd: Int32
        var offset: Int64
        var splitter = LineSplitter()
        var punched: Int64 = 0
        /// Drop bytes up to the next newline (replay started inside a line).
        var skipPartialLine = false

        init(_ kind: OutputLine.Stream, files: ContainerFiles, offset: Int64) {
            self.kind = kind
            fd = open(files.path(of: kind), O_RDWR | O_CLOEXEC)
            self.offset = offset
        }

        /// Everything before this offset has been delivered; a restart resumes here.
        var committed: Int64 { offset - Int64(splitter.pendingCount) }

        mutating func skipBeyond(_ limit: Int64) -> Int64 {
            var info = stat()
            guard fd >= 0, fstat(fd, &info) == 0, Int64(info.st_size) - offset > limit else { return 0 }
            let skipped = Int64(info.st_size) - limit - offset
            offset += skipped
            skipPartialLine = true
            return skipped
        }

        mutating func readBatch(deliver: (OutputLine) -> Void) -> Bool {
            guard fd >= 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: OutputFollower.batchBytes)
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { return false }
            offset += Int64(count)
            var bytes = buffer.prefix(count)
            if skipPartialLine {
                guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return true }
                bytes = bytes[(newline + 1)...]
                skipPartialLine = false
            }
            for line in splitter.feed(Array(bytes)) { deliver(OutputLine(stream: kind, text: line)) }
            return true
        }

        mutating func flush(deliver: (OutputLine) -> Void) {
            if let last = splitter.finish() { deliver(OutputLine(stream: kind, text: last)) }
        }

        mutating func punchConsumed() {
            let end = committed & ~(OutputFollower.punchStep - 1)
            guard end - punched >= OutputFollower.punchStep else { return }
            HolePunch.punch(fd, offset: punched, length: end - punched)
            punched = end
        }

        func close() { if fd >= 0 { Glibc.close(fd) } }
    }
}

/// The offsets file: two decimal numbers, rewritten in place (a torn write only repeats or
/// skips a little output after a crash; no fsync, as for the output itself).
enum StoredOffsets {
    static func read(_ path: String) -> (Int64, Int64) {
        guard let text = try? Files.readText(path) else { return (0, 0) }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int64($0) }
        return fields.count == 2 ? (max(0, fields[0]), max(0, fields[1])) : (0, 0)
    }

    static func write(_ fd: Int32, _ offsets: [Int64]) {
        guard fd >= 0 else { return }
        // Fixed width, so rewriting in place never leaves a longer old tail behind.
        let text = offsets.map { String(repeating: " ", count: max(0, 19 - String($0).count)) + String($0) }
            .joined(separator: " ") + "\n"
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
}
