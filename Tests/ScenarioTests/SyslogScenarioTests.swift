import ExoNet
import ExoSystem
import Foundation
import Glibc
import Synchronization
import Testing

/// Syslog forwarding through the real platform: an app whose repository holds `remote.cfg`,
/// `config.add RSYSLOG_REMOTE=remote.cfg`, and the app's stdout and stderr lines arriving at a
/// TCP receiver on loopback as octet-counted RFC 5424 frames — also after the receiver was
/// down for a while; config values never do. A file that cannot be used is named in the deploy log.
@Suite(.serialized)
struct SyslogScenarioTests {
    static let secret = "s3cr3t value $(nope) ✓"

    @Test func appLinesReachTheSyslogRemoteAsRFC5424FramesAndConfigValuesDoNot() throws {
        let receiver = try ScenarioSyslogReceiver()
        defer { receiver.close() }
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("Scenario/syslogapp"), named: "hello")
        try Files.atomicWrite("""
            $template CustomFormat, "%syslogtag%%msg%\\n"
            *.* @@127.0.0.1:\(receiver.port);CustomFormat

            """, to: source + "/remote.cfg")
        try ann.expectOK(ann.git("add", "remote.cfg", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "syslog remote", in: source))
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "hello"), in: source))
        try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
        try ann.expectOK(ann.exoapp("hello", "config.add", "RSYSLOG_REMOTE=remote.cfg", "SECRET_TOKEN=" + Self.secret))

        let host = platform.host(app: "hello")
        #expect(try platform.get(host: host, path: "/print/one").status == 200)
        let first = receiver.waitFor { $0.contains { $0.hasSuffix("stderr one \"quoted\" [brackets]") } }
        let stdout = try #require(first.first { $0.contains("stdout one") })
        let stderr = try #require(first.first { $0.contains("stderr one") })
        let hostname = LogScenarioTests.hostname()
        try Self.expectFrame(stdout, pri: 14, hostname: hostname, type: "stdout", message: "\u{FEFF}stdout one grüße ✓")
        try Self.expectFrame(stderr, pri: 11, hostname: hostname, type: "stderr", message: "stderr one \"quoted\" [brackets]")
        #expect(receiver.malformed == 0)

        let api = try LogAPI(platform: platform, user: ann)
        let forwarding = try api.waitFor("deploy") { $0["message"]?.contains("Forwarding the error and worker logs") == true }
        #expect(forwarding["message"]?.hasPrefix("RSYSLOG_REMOTE: remote.cfg (version ") == true)
        #expect(forwarding["message"]?.contains("to syslog remote 127.0.0.1:\(receiver.port) (TCP, RFC 5424, octet-counted framing)") == true)

        // The receiver goes away and comes back: lines printed meanwhile arrive after the reconnect.
        receiver.close()
        usleep(200_000)
        #expect(try platform.get(host: host, path: "/print/two").status == 200)
        _ = try api.waitFor("deploy") { $0["message"]?.contains("is not reachable") == true }
        try receiver.restart()
        let later = receiver.waitFor(timeout: 40) { $0.contains { $0.hasSuffix("stderr two \"quoted\" [brackets]") } }
        #expect(later.contains { $0.hasSuffix("stdout two grüße ✓") })
        _ = try api.waitFor("deploy") { $0["message"]?.contains("is reachable again") == true }

        // A file that is not in the repository: named in the deploy log; the remote stays as it was.
        try ann.expectOK(ann.exoapp("hello", "config.add", "-f", "RSYSLOG_REMOTE=missing.cfg"))
        #expect(try platform.get(host: host, path: "/print/three").status == 200)
        let problem = try api.waitFor("deploy") { $0["message"]?.contains("missing.cfg") == true }
        #expect(problem["level"] == "ERROR")
        #expect(problem["message"]?.contains(": the deployed version has no file missing.cfg. Still forwarding to 127.0.0.1:\(receiver.port) as before.") == true,
                "\(problem)")
        _ = receiver.waitFor { $0.contains { $0.hasSuffix("stderr three \"quoted\" [brackets]") } }

        // Config values are in none of the frames, and not in exod's log or the deploy log.
        let everything = receiver.texts.joined(separator: "\n")
        for value in [Self.secret, "s3cr3t"] {
            #expect(!everything.contains(value))
            #expect(!platform.log.contains(value))
            #expect(try !api.entries("deploy").contains { $0["message"]?.contains(value) == true })
        }
        #expect(receiver.malformed == 0)
    }

    /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME - error [exo@32473 log="error" type="T"] MSG`, field by field.
    static func expectFrame(_ frame: String, pri: Int, hostname: String, type: String, message: String) throws {
        let fields = frame.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
        try #require(fields.count == 7, "\(frame)")
        #expect(fields[0] == "<\(pri)>1")
        #expect(fields[1].range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$"#, options: .regularExpression) != nil, "\(fields[1])")
        if let time = ISO8601DateFormatter().date(from: fields[1].replacingOccurrences(of: #"\.\d+"#, with: "", options: .regularExpression)) {
            #expect(abs(time.timeIntervalSinceNow) < 120)
        }
        #expect(fields[2] == hostname)
        #expect(fields[3] == "hello/default")
        #expect(fields[4] == "-")
        #expect(fields[5] == "error")
        #expect(fields[6] == "[exo@32473 log=\"error\" type=\"\(type)\"] " + message, "\(frame)")
    }
}

/// A TCP syslog receiver on 127.0.0.1: reads octet-counted frames (RFC 6587 §3.4.1) from every
/// connection; `close` makes it go away, `restart` listens on the same port again.
final class ScenarioSyslogReceiver: Sendable {
    private struct State: Sendable {
        var listener: Int32 = -1
        var connections: [Int32] = []
        var frames: [[UInt8]] = []
        var malformed = 0
    }

    private let state = Mutex(State())
    private let boundPort = Atomic<Int>(0)
    var port: Int { boundPort.load(ordering: .relaxed) }

    init() throws { try listen(port: 0) }

    var texts: [String] { state.withLock { $0.frames }.map { String(decoding: $0, as: UTF8.self) } }
    var malformed: Int { state.withLock { $0.malformed } }

    /// The frames so far once `done` says so, or after `timeout` seconds whatever there is.
    func waitFor(timeout: Double = 15, _ done: ([String]) -> Bool) -> [String] {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while !done(texts), Date() < deadline { usleep(20_000) }
        return texts
    }

    func close() {
        let fds = state.withLock { state -> [Int32] in
            defer { state.listener = -1; state.connections = [] }
            return [state.listener] + state.connections
        }
        for fd in fds where fd >= 0 {
            shutdown(fd, Int32(SHUT_RDWR))
            Glibc.close(fd)
        }
    }

    func restart() throws { try listen(port: port) }

    private func listen(port: Int) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 16) == 0 else {
            Glibc.close(fd)
            throw ScenarioFailure("syslog receiver cannot listen on port \(port)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        boundPort.store(Int(UInt16(bigEndian: address.sin_port)), ordering: .relaxed)
        state.withLock { $0.listener = fd }
        JoinableThread.detach { [self] in
            while true {
                let client = accept(fd, nil, nil)
                guard client >= 0 else { return }
                state.withLock { $0.connections.append(client) }
                JoinableThread.detach { [self] in read(client) }
            }
        }
    }

    private func read(_ fd: Int32) {
        var buffer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { return }
            buffer += chunk[0..<count]
            // LEN SP MSG: a decimal length without leading zero, one space, that many bytes.
            while let space = buffer.firstIndex(of: 0x20) {
                let digits = buffer[..<space]
                guard !digits.isEmpty, digits.count <= 7, digits.first != 0x30,
                      digits.allSatisfy({ (0x30...0x39).contains($0) }),
                      let length = Int(String(decoding: digits, as: UTF8.self)) else {
                    state.withLock { $0.malformed += 1 }
                    buffer.removeAll()
                    break
                }
                guard buffer.count >= space + 1 + length else { break }
                let frame = Array(buffer[(space + 1)..<(space + 1 + length)])
                state.withLock { $0.frames.append(frame) }
                buffer.removeFirst(space + 1 + length)
            }
        }
    }
}
