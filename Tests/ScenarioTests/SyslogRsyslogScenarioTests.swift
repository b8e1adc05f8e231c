import ExoNet
import ExoSystem
import Foundation
import Glibc
import Testing

/// Interoperability with a real receiver: Debian's rsyslogd (imtcp) parses what exo forwards for
/// an app whose file uses RainerScript's `action(type="omfwd" …)`, and writes the fields it
/// parsed — PRI, version, timestamp, hostname, app-name, msgid, structured data, message.
@Suite(.serialized)
struct SyslogRsyslogScenarioTests {
    @Test func rsyslogdParsesTheForwardedLinesField() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let rsyslog = try Rsyslogd(directory: platform.root + "/rsyslog")
        defer { rsyslog.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("Scenario/syslogapp"), named: "hello")
        try Files.makeDirectory(source + "/conf", mode: 0o755)
        try Files.atomicWrite("""
            # forward everything to rsyslogd on loopback
            *.* action(type="omfwd" target="127.0.0.1" port="\(rsyslog.port)"
                       protocol="tcp")

            """, to: source + "/conf/syslog.cfg")
        try ann.expectOK(ann.git("add", "conf", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "syslog remote", in: source))
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "hello"), in: source))
        try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
        try ann.expectOK(ann.exoapp("hello", "config.add", "RSYSLOG_REMOTE=conf/syslog.cfg", "API_KEY=never-forwarded-4711"))

        #expect(try platform.get(host: platform.host(app: "hello"), path: "/print/rsyslog").status == 200)
        let lines = rsyslog.waitFor { $0.contains { $0.hasSuffix("stderr rsyslog \"quoted\" [brackets]") } }
        let hostname = LogScenarioTests.hostname()
        let stdout = try #require(lines.first { $0.contains("stdout rsyslog") }, "\(lines)")
        let stderr = try #require(lines.first { $0.contains("stderr rsyslog") }, "\(lines)")
        // pri|version|timestamp|hostname|app-name|procid|msgid|structured-data|msg, as rsyslogd parsed them.
        let out = stdout.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        try #require(out.count == 9, "\(stdout)")
        #expect(Array(out[0...1]) == ["14", "1"])
        #expect(out[2].hasSuffix("Z") && out[2].count == "2026-12-03T19:00:00.123456Z".count, "\(out[2])")
        #expect(Array(out[3...7]) == [hostname, "hello/default", "-", "error", "[exo@32473 log=\"error\" type=\"stdout\"]"])
        #expect(out[8] == "\u{FEFF}stdout rsyslog grüße ✓")
        #expect(stderr == "11|1|\(stderr.split(separator: "|")[2])|\(hostname)|hello/default|-|error|"
            + "[exo@32473 log=\"error\" type=\"stderr\"]|stderr rsyslog \"quoted\" [brackets]")
        #expect(!lines.joined().contains("never-forwarded-4711"))
    }
}

/// rsyslogd in the foreground with its own configuration: imtcp on a free loopback port, every
/// message written to a file with the fields it parsed, separated by "|".
final class Rsyslogd: Sendable {
    let port: Int
    let output: String
    private let child: ChildProcess

    init(directory: String) throws {
        guard Files.exists("/usr/sbin/rsyslogd") else {
            throw ScenarioFailure("rsyslogd is missing: install the rsyslog package (Scripts/install-dependencies)")
        }
        try Files.makeDirectory(directory, mode: 0o700)
        port = FreePort.next()
        output = directory + "/received.log"
        let fields = "%pri%|%protocol-version%|%timereported:::date-rfc3339%|%hostname%|%app-name%|%procid%|%msgid%|"
            + "%structured-data%|%msg%\\n"
        try Files.atomicWrite("""
            global(workDirectory="\(directory)")
            module(load="imtcp")
            input(type="imtcp" port="\(port)" address="127.0.0.1" ruleset="exo")
            template(name="fields" type="string" string="\(fields)")
            ruleset(name="exo") { action(type="omfile" file="\(output)" template="fields") }

            """, to: directory + "/rsyslog.conf")
        child = try ChildProcess.spawn(["/usr/sbin/rsyslogd", "-n", "-f", directory + "/rsyslog.conf", "-i", directory + "/pid"],
                                       environment: Command.defaultEnvironment, stdout: .null, stderr: .null)
        let deadline = Date(timeIntervalSinceNow: 10)
        while !TCPProbe.accepts(port: port), Date() < deadline { usleep(50_000) }
        guard TCPProbe.accepts(port: port) else {
            stop()
            throw ScenarioFailure("rsyslogd did not listen on \(port)")
        }
    }

    /// The lines written so far once `done` says so, or after `timeout` seconds whatever there is.
    func waitFor(timeout: Double = 15, _ done: ([String]) -> Bool) -> [String] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        var lines: [String] = []
        repeat {
            lines = ((try? Files.readText(output)) ?? "").split(separator: "\n").map(String.init)
            if done(lines) { break }
            usleep(50_000)
        } while Date() < deadline
        return lines
    }

    func stop() {
        child.signal(SIGTERM)
        _ = child.wait()
    }
}
