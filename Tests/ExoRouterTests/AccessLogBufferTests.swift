@testable import ExoRouter
import Testing

struct AccessLogBufferTests {
    private func entry(_ n: Int) -> AccessLogEntry {
        AccessLogEntry(time: Int64(n), deployment: "a/default", remoteHost: "127.0.0.1", firstRequestLine: "GET /\(n) HTTP/1.1",
                       status: 200, responseSizeCLF: "-", referer: "-", userAgent: "-", durationMs: 0)
    }

    @Test func fullBufferCountsDropsInsteadOfGrowing() {
        let buffer = AccessLogBuffer(capacity: 3)
        for n in 0..<5 { buffer.record(entry(n)) }
        let batch = buffer.take()
        #expect(batch.entries.map(\.time) == [0, 1, 2])
        #expect(batch.dropped == 2)
        #expect(buffer.take() == AccessLogBatch(entries: [], dropped: 0))
    }

    @Test func undeliveredBatchGoesBackBeforeNewEntriesKeepingTheNewest() {
        let buffer = AccessLogBuffer(capacity: 3)
        buffer.record(entry(0))
        buffer.record(entry(1))
        let failed = buffer.take()
        buffer.record(entry(2))
        buffer.record(entry(3))
        buffer.putBack(failed)
        let batch = buffer.take()
        #expect(batch.entries.map(\.time) == [1, 2, 3])
        #expect(batch.dropped == 1)
    }
}
