@testable import ExoRuntime
import ExoSystem
import FoundationEssentials
import Glibc
import Synchronization
import Testing

/// Following output files without a container: resume at the stored offsets, the replay limit,
/// holes behind the reader.
struct OutputFollowerTests {
    private func files() throws -> (ContainerFiles, () -> Void) {
        var template = Array("/tmp/exo-follower-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        let dir = String(cString: created)
        let files = ContainerFiles(directory: dir + "/files")
        try files.create()
        return (files, { try? Files.remove(dir) })
    }

    private func append(_ text: String, to path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        defer { close(fd) }
        let bytes = Array(text.utf8)
        #expect(write(fd, bytes, bytes.count) == bytes.count)
    }

    private func follow(_ files: ContainerFiles, resume: Bool, replayLimit: Int = 1 << 20) -> [OutputLine] {
        let lines = Mutex<[OutputLine]>([])
        let follower = OutputFollower(files: files, replayLimit: replayLimit) { line in lines.withLock { $0.append(line) } }
        follower.start(resume: resume)
        follower.finish()
        return lines.withLock { $0 }
    }

    @Test func aFollowerDeliversBothStreamsAndTheUnterminatedLastLineAtTheEnd() throws {
        let (files, cleanup) = try files()
        defer { cleanup() }
        try append("one\ntwo\npart", to: files.stdout)
        try append("err\n", to: files.stderr)
        #expect(follow(files, resume: false).map(\.text) == ["one", "two", "err", "part"])
        #expect(StoredOffsets.read(files.offsets) == (12, 4))
    }

    @Test func aResumedFollowerDeliversOnlyWhatThePreviousOneHadNotDelivered() throws {
        let (files, cleanup) = try files()
        defer { cleanup() }
        try append("one\ntwo\npartial\nthree\n", to: files.stdout)
        try append("err\nmore\n", to: files.stderr)
        // A previous owner delivered "one", "two" and "err" (an unfinished line is never counted).
        let fd = open(files.offsets, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        StoredOffsets.write(fd, [8, 4])
        close(fd)
        let resumed = follow(files, resume: true)
        #expect(resumed.filter { $0.stream == .stdout }.map(\.text) == ["partial", "three"])
        #expect(resumed.filter { $0.stream == .stderr }.map(\.text) == ["more"])
    }

    @Test func replayBeyondTheLimitIsDroppedAndReported() throws {
        let (files, cleanup) = try files()
        defer { cleanup() }
        let old = (0..<100).map { "old line \($0)\n" }.joined()
        try append(old + "recent\n", to: files.stdout)
        let lines = follow(files, resume: true, replayLimit: 10)
        #expect(lines.count == 2)
        #expect(lines.first?.text.contains("were dropped") == true)
        #expect(lines.last?.text == "recent")
    }

    @Test func consumedOutputTakesNoDiskSpace() throws {
        let (files, cleanup) = try files()
        defer { cleanup() }
        let line = String(repeating: "x", count: 1023) + "\n"
        let chunk = String(repeating: line, count: 1024)
        for _ in 0..<4 { try append(chunk, to: files.stdout) }
        #expect(follow(files, resume: false).count == 4096)
        var info = stat()
        #expect(stat(files.stdout, &info) == 0)
        #expect(info.st_size == 4 << 20)
        // At most the last (unaligned) step is still allocated.
        #expect(Int(info.st_blocks) * 512 <= Int(OutputFollower.punchStep))
    }
}
