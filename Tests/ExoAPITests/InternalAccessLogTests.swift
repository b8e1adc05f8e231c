@testable import ExoAPI
import ExoLogs
import Foundation
import Testing

/// `POST /internal/access-log` files each entry at the time the router received the request.
struct InternalAccessLogTests {
    private func intake() -> (AccessLogIntake, LogStore, String) {
        let directory = NSTemporaryDirectory() + "access-intake-\(UUID().uuidString)"
        let logs = LogStore(directory: directory)
        return (AccessLogIntake(logs: logs, isKnown: { _ in true }), logs, directory)
    }

    private func batch(time: Int64?) -> [UInt8] {
        let timeField = time.map { "\"time\":\($0)," } ?? ""
        return Array("""
        {"entries":[{\(timeField)"deployment":"web/default","remote_host":"10.0.0.9","first_request_line":"GET / HTTP/1.1",
        "status":200,"response_size_CLF":"5","referer":"-","user_agent":"curl","duration_ms":1200}],"dropped":0}
        """.utf8)
    }

    @Test func anEntryIsFiledAtTheTimeTheRouterReceivedTheRequest() throws {
        let (intake, logs, directory) = intake()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let received = Int64(Date().timeIntervalSince1970 * 1e6) - 1_500_000   // a request that took 1.5 s
        #expect(intake.file(batch(time: received)))
        let entry = try #require(logs.entries("web/default", .access).last)
        #expect(entry.time == received)
        #expect(entry.fields["first_request_line"] == "GET / HTTP/1.1")
        #expect(entry.fields["duration_ms"] == "1200")
    }

    @Test func withoutATimeOrWithOneFromTheFutureTheEntryIsFiledNow() throws {
        let (intake, logs, directory) = intake()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let now = Int64(Date().timeIntervalSince1970 * 1e6)
        #expect(intake.file(batch(time: nil)))
        #expect(intake.file(batch(time: now + 3_600_000_000)))
        let entries = logs.entries("web/default", .access)
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { abs($0.time - now) < 5_000_000 })
    }

    @Test func aBodyThatIsNotABatchIsRefused() {
        let (intake, _, directory) = intake()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(!intake.file(Array("{".utf8)))
    }
}
