@testable import ExoLogs
import Foundation
import Testing

struct LogStoreTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "exologs-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Waits for the store's writes, then removes the directory (a late write would recreate it).
    func cleanUp(_ store: LogStore) {
        store.pauseWriting(false)
        store.flush()
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func returnsAppendedEntriesOldestFirstWithUniqueIncreasingTimes() {
        let store = LogStore(directory: directory, clock: { 1_700_000_000.5 })
        defer { cleanUp(store) }
        store.append("hello/default", .error, ["type": "stderr", "message": "one"])
        store.append("hello/default", .error, ["type": "stdout", "message": "two"])
        let entries = store.entries("hello/default", .error)
        #expect(entries.map { $0.fields["message"] } == ["one", "two"])
        #expect(entries[0].time == 1_700_000_000_500_000)
        #expect(entries[1].time == entries[0].time + 1)
        #expect(store.entries("hello/default", .deploy).isEmpty)
        #expect(store.entries("other/default", .error).isEmpty)
    }

    @Test func returnsOnlyEntriesNewerThanTheTimestamp() {
        let store = LogStore(directory: directory)
        defer { cleanUp(store) }
        for index in 0..<5 { store.append("hello/default", .deploy, ["message": "m\(index)"]) }
        let all = store.entries("hello/default", .deploy)
        let newer = store.entries("hello/default", .deploy, after: all[2].time)
        #expect(newer.map { $0.fields["message"] } == ["m3", "m4"])
        #expect(store.entries("hello/default", .deploy, after: all[4].time).isEmpty)
    }

    @Test func keepsTheLastFiveHundredForReads() {
        let store = LogStore(directory: directory)
        defer { cleanUp(store) }
        for index in 0..<600 { store.append("hello/default", .worker, ["wrk_id": "w1", "message": "\(index)"]) }
        let entries = store.entries("hello/default", .worker)
        #expect(entries.count == 500)
        #expect(entries.first?.fields["message"] == "100")
        #expect(entries.last?.fields["message"] == "599")
    }

    @Test func survivesARestart() {
        let first = LogStore(directory: directory)
        defer { cleanUp(first) }
        first.append("hello/dev", .deploy, ["hostname": "h", "level": "INFO", "message": "Deployed version: abc"])
        first.flush()
        let second = LogStore(directory: directory)
        defer { cleanUp(second) }
        second.append("hello/dev", .deploy, ["hostname": "h", "level": "INFO", "message": "later"])
        let entries = second.entries("hello/dev", .deploy)
        #expect(entries.map { $0.fields["message"] } == ["Deployed version: abc", "later"])
    }

    @Test func splitsLongMessagesInsteadOfTruncating() {
        let store = LogStore(directory: directory)
        defer { cleanUp(store) }
        let line = String(repeating: "é", count: 12_500)   // 25,000 bytes
        store.append("hello/default", .error, ["type": "stdout", "message": line])
        let pieces = store.entries("hello/default", .error).map { $0.fields["message"] ?? "" }
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { $0.utf8.count <= 10_000 })
        #expect(pieces.joined() == line)
        #expect(store.entries("hello/default", .error).allSatisfy { $0.fields["type"] == "stdout" })
    }

    @Test func boundsTheFilesPerLogDroppingTheOldest() throws {
        let store = LogStore(directory: directory, capBytes: 20_000)
        defer { cleanUp(store) }
        for index in 0..<2_000 {
            store.append("hello/default", .error, ["type": "stdout", "message": "line \(index) " + String(repeating: "x", count: 40)])
            if index % 100 == 0 { store.flush() }
        }
        store.flush()
        let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/hello/default")
        let total = try files.reduce(0) { sum, name in
            sum + ((try FileManager.default.attributesOfItem(atPath: directory + "/hello/default/" + name)[.size] as? Int) ?? 0)
        }
        #expect(Set(files) == ["error.log", "error.log.1"])
        #expect(total <= 20_000 + 100 * 120)
        let reloaded = LogStore(directory: directory, capBytes: 20_000).entries("hello/default", .error)
        #expect(reloaded.last?.fields["message"]?.hasPrefix("line 1999 ") == true)
    }

    @Test func countsDropsWhenTheQueueIsFullAndReportsThem() {
        let store = LogStore(directory: directory, queueLimit: 0)
        defer { cleanUp(store) }
        store.append("hello/default", .error, ["type": "stdout", "message": "lost"])
        store.append("hello/default", .error, ["type": "stdout", "message": "lost too"])
        #expect(store.entries("hello/default", .error).isEmpty)
        let roomy = LogStore(directory: directory, queueLimit: 1)
        defer { cleanUp(roomy) }
        roomy.pauseWriting(true)
        roomy.append("hello/default", .error, ["type": "stdout", "message": "lost"])
        roomy.append("hello/default", .error, ["type": "stdout", "message": "dropped"])
        roomy.pauseWriting(false)
        roomy.flush()
        roomy.append("hello/default", .error, ["type": "stdout", "message": "kept"])
        let messages = roomy.entries("hello/default", .error).map { $0.fields["message"] ?? "" }
        #expect(messages.first == "lost")
        #expect(messages.contains("1 log lines were dropped: the log store fell behind."))
        #expect(messages.last == "kept")
    }

    @Test func refusesDeploymentKeysThatWouldLeaveTheDirectory() {
        let store = LogStore(directory: directory)
        defer { cleanUp(store) }
        store.append("../x", .error, ["message": "no"])
        store.append("a/..", .error, ["message": "no"])
        store.append("a/b/c", .error, ["message": "no"])
        #expect(store.entries("../x", .error).isEmpty)
        #expect(store.entries("a/..", .error).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/x"))
    }
}
