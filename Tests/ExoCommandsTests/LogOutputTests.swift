import ExoCommands
import Foundation
import Testing

struct LogOutputTests {
    let utc = TimeZone(identifier: "UTC")!
    // 2023-11-14 22:13:20 UTC, a Tuesday.
    let time = 1_700_000_000.25

    @Test func printsErrorWorkerAndDeployEntriesInCctrlsFormat() {
        let error = LogLine(time: time, fields: ["type": "stderr", "message": "GET / HTTP/1.1 200"])
        #expect(LogOutput.line(error, type: "error", timeZone: utc) == "[Tue Nov 14 22:13:20 2023] stderr GET / HTTP/1.1 200")
        let worker = LogLine(time: time, fields: ["wrk_id": "wrk1", "message": "working"])
        #expect(LogOutput.line(worker, type: "worker", timeZone: utc) == "[Tue Nov 14 22:13:20 2023] wrk1 working")
        let deploy = LogLine(time: time, fields: ["hostname": "box", "level": "INFO", "message": "Deployed version: abc"])
        #expect(LogOutput.line(deploy, type: "deploy", timeZone: utc)
            == "[Tue Nov 14 22:13:20 2023] box INFO Deployed version: abc")
    }

    @Test func printsAccessEntriesLikeApacheAndSkipsIncompleteOnes() {
        let fields = ["remote_host": "203.0.113.7", "remote_logname": "-", "remote_user": "-",
                      "first_request_line": "GET / HTTP/1.1", "status": "200", "response_size_CLF": "42",
                      "referer": "-", "user_agent": "curl/8"]
        #expect(LogOutput.line(LogLine(time: time, fields: fields), type: "access", timeZone: utc)
            == #"203.0.113.7 - - [14/Nov/2023:22:13:20 +0000] "GET / HTTP/1.1" 200 42 "-" "curl/8""#)
        var partial = fields
        partial["referer"] = nil
        #expect(LogOutput.line(LogLine(time: time, fields: partial), type: "access", timeZone: utc) == nil)
    }

    @Test func showsTimesInTheGivenLocalZone() {
        let zurich = TimeZone(identifier: "Europe/Zurich")!
        let line = LogOutput.line(LogLine(time: time, fields: ["type": "t", "message": "m"]), type: "error", timeZone: zurich)
        #expect(line == "[Tue Nov 14 23:13:20 2023] t m")
    }

    @Test func filtersByCaseInsensitivePatternAndWorker() throws {
        let pattern = try NSRegularExpression(pattern: "fa[il]+", options: [.caseInsensitive])
        let entries = [LogLine(time: 1, fields: ["wrk_id": "a", "message": "FAILED"]),
                       LogLine(time: 2, fields: ["wrk_id": "b", "message": "failed too"]),
                       LogLine(time: 3, fields: ["wrk_id": "a", "message": "fine"])]
        #expect(LogOutput.filter(entries, type: "error", workerID: nil, pattern: pattern).map(\.time) == [1, 2])
        #expect(LogOutput.filter(entries, type: "worker", workerID: "a", pattern: pattern).map(\.time) == [1])
        #expect(LogOutput.filter(entries, type: "worker", workerID: "a", pattern: nil).map(\.time) == [1, 3])
        // The deploy log is never grep-filtered, as in cctrl.
        #expect(LogOutput.filter(entries, type: "deploy", workerID: nil, pattern: pattern).count == 3)
        let access = [LogLine(time: 1, fields: ["first_request_line": "GET /x", "referer": "-", "user_agent": "Fail/1",
                                                "remote_host": "h"])]
        #expect(LogOutput.filter(access, type: "access", workerID: nil, pattern: pattern).count == 1)
    }

    @Test func decodesTimesGivenAsNumbersOrStringsAndPollsFromTheLastMicrosecond() throws {
        let body = Array(#"[{"time": 1700000000.000123, "type": "stdout", "message": "a"}, {"time": "1700000001.5", "message": 7}, {"message": "no time"}]"#.utf8)
        let entries = try #require(LogLine.decode(body))
        #expect(entries.count == 2)
        #expect(entries[0].timestamp == "1700000000.000123")
        #expect(entries[1].timestamp == "1700000001.500000")
        #expect(entries[1].fields["message"] == "7")
        #expect(LogLine.decode(Array("{}".utf8)) == nil)
    }
}

struct LogCommandTests {
    @Test func printsTheBacklogThenPollsWithTheLastTimestampUntilTheDeploymentIsGone() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { request in
            if request.path.contains("timestamp=") { return json(410, #"{"error": "This deployment is unknown."}"#) }
            return json(200, #"[{"time": 1700000000.000123, "hostname": "box", "level": "INFO", "message": "Deployed version: abc"}]"#)
        }
        let status = ExoAppCLI.main(arguments: ["hello/dev", "log", "deploy"], environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 1)
        #expect(console.out.hasSuffix("] box INFO Deployed version: abc\n"), "\(console.out)")
        #expect(console.err == "[ERROR] This application is unknown.\n")
        #expect(api.requests.map(\.path) == ["/app/hello/deployment/dev/log/deploy/",
                                             "/app/hello/deployment/dev/log/deploy/?timestamp=1700000000.000123"])
        #expect(api.requests.first?.header("Authorization") == #"cc_auth_token="t""#)
    }
}
