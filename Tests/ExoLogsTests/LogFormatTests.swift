@testable import ExoLogs
import Foundation
import Synchronization
import Testing

struct LogFormatTests {
    @Test func readsPycclibsUnpaddedMicrosecondsAsMicroseconds() {
        #expect(LogTimestamp.parse("1700000000.123") == 1_700_000_000_000_123)
        #expect(LogTimestamp.parse("1700000000.123456") == 1_700_000_000_123_456)
        #expect(LogTimestamp.parse("1700000000.0") == 1_700_000_000_000_000)
    }

    @Test func readsWholeSecondsAndRejectsGarbage() {
        #expect(LogTimestamp.parse("1700000000") == 1_700_000_000_000_000)
        #expect(LogTimestamp.parse("1700000000.1234567") == 1_700_000_000_123_456)
        #expect(LogTimestamp.parse("") == nil)
        #expect(LogTimestamp.parse("abc") == nil)
        #expect(LogTimestamp.parse("-5") == nil)
        #expect(LogTimestamp.parse("1.") == nil)
        #expect(LogTimestamp.parse("99999999999999999999") == nil)
    }

    @Test func formatsTimesWithSixDecimals() {
        #expect(LogTimestamp.format(1_700_000_000_000_123) == "1700000000.000123")
        #expect(LogTimestamp.parse(LogTimestamp.format(1_700_000_000_000_123)) == 1_700_000_000_000_123)
    }

    @Test func writesEntriesAsTheAPIsJSONWithEveryFieldOfTheType() throws {
        let entries = [LogEntry(time: 1_700_000_000_000_001, fields: ["type": "stderr", "message": "a \"q\"\n\u{1}é"])]
        let bytes = LogJSON.encode(entries, type: .error)
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"[{"time": 1700000000.000001, "type": "stderr", "message": "a \"q\"\n\u0001é"}]"#)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [[String: Any]])
        #expect(parsed[0]["message"] as? String == "a \"q\"\n\u{1}é")
        let deploy = String(decoding: LogJSON.encode([LogEntry(time: 1, fields: ["message": "m"])], type: .deploy), as: UTF8.self)
        #expect(deploy == #"[{"time": 0.000001, "hostname": "", "level": "", "message": "m"}]"#)
        #expect(String(decoding: LogJSON.encode([], type: .access), as: UTF8.self) == "[]")
    }

    @Test func splitsOnlyLinesLongerThanTheLimit() {
        #expect(MessageSplitter.split("short") == ["short"])
        #expect(MessageSplitter.split(String(repeating: "a", count: 10_000)).count == 1)
        #expect(MessageSplitter.split(String(repeating: "a", count: 10_001)).map(\.count) == [10_000, 1])
        #expect(MessageSplitter.split("") == [""])
    }
}

struct LogStoreTimeTests {
    @Test func keepsAGivenTimeButNeverGoesBackwards() {
        let directory = NSTemporaryDirectory() + "exologs-" + UUID().uuidString
        let store = LogStore(directory: directory)
        defer {
            store.flush()
            try? FileManager.default.removeItem(atPath: directory)
        }
        store.append("hello/default", .access, ["status": "200"], time: 5_000_000)
        store.append("hello/default", .access, ["status": "404"], time: 4_000_000)
        #expect(store.entries("hello/default", .access).map(\.time) == [5_000_000, 5_000_001])
    }
}

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let value = Mutex<Double>(1_000)
    func read() -> Double { value.withLock { $0 } }
    func advance(_ seconds: Double) { value.withLock { $0 += seconds } }
}

struct LogFloodTests {
    let now = ManualClock()

    let directory = NSTemporaryDirectory() + "exologs-" + UUID().uuidString

    func store() -> LogStore {
        LogStore(directory: directory, rateLimit: 3, rateWindow: 5, clock: { [now] in now.read() })
    }

    func cleanUp(_ store: LogStore) {
        store.flush()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func limitsAFloodAndReportsTheCountWithTheNextMessage() {
        let logs = store()
        defer { cleanUp(logs) }
        for index in 0..<5 { logs.append("a/default", .error, ["type": "stdout", "message": "\(index)"], rateLimited: true) }
        logs.append("a/default", .error, ["type": "exo", "message": "platform notes are not limited"])
        now.advance(6)
        logs.append("a/default", .error, ["type": "stdout", "message": "after"], rateLimited: true)
        #expect(logs.entries("a/default", .error).map { $0.fields["message"] ?? "" }
            == ["0", "1", "2", "platform notes are not limited", "2 messages were dropped: more than 3 in 5 s.", "after"])
    }

    @Test func reportsAFloodThatStoppedWithoutWaitingForTheNextMessage() {
        let logs = store()
        defer { cleanUp(logs) }
        logs.pauseWriting(true)
        for index in 0..<4 { logs.append("a/default", .worker, ["wrk_id": "w", "message": "\(index)"], rateLimited: true) }
        now.advance(6)
        logs.pauseWriting(false)
        logs.flush()
        let deadline = Date(timeIntervalSinceNow: 5)
        while logs.entries("a/default", .worker).count < 4, Date() < deadline { usleep(10_000) }
        #expect(logs.entries("a/default", .worker).last?.fields
            == ["wrk_id": "exo", "message": "1 messages were dropped: more than 3 in 5 s."])
    }
}
