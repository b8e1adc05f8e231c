@testable import ExoLogs
import Foundation
import Synchronization
import Testing

struct SyslogForwarderTests {
    let directory = NSTemporaryDirectory() + "exologs-syslog-" + UUID().uuidString

    var settings: SyslogForwarder.Settings {
        var settings = SyslogForwarder.Settings()
        settings.revalidateAfter = 0.1
        settings.remote = SyslogRemoteTests.fast
        return settings
    }

    func waitForDeployLog(_ store: LogStore, containing text: String) -> [String] {
        let deadline = Date(timeIntervalSinceNow: 5)
        var messages: [String] = []
        while Date() < deadline {
            messages = store.entries("hello/default", .deploy).compactMap { $0.fields["message"] }
            if messages.contains(where: { $0.contains(text) }) { break }
            usleep(10_000)
        }
        return messages
    }

    @Test func forwardsErrorAndWorkerLinesOfADeploymentWithARemote() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        let source = SyslogSource(name: "remote.cfg", revision: "abc123",
                                  text: "$template CustomFormat, \"%syslogtag%%msg%\\n\"\n*.* @@127.0.0.1:\(receiver.port);CustomFormat\n")
        let forwarder = store.forwardToSyslog(settings: settings) { $0 == "hello/default" ? source : nil }
        defer { forwarder.stop() }

        store.append("hello/default", .error, ["type": "stdout", "message": "out line"], rateLimited: true)
        store.append("hello/default", .error, ["type": "stderr", "message": "err line"], rateLimited: true)
        store.append("hello/default", .worker, ["wrk_id": "wrk1", "message": "worker line"])
        store.append("hello/default", .deploy, ["hostname": "h", "level": "INFO", "message": "not forwarded"])
        store.append("other/default", .error, ["type": "stdout", "message": "no remote"])
        let received = receiver.waitFor(3)
        #expect(received.count == 3)
        #expect(received[0].hasPrefix("<14>1 ") && received[0].hasSuffix(
            " node1 hello/default - error [exo@32473 log=\"error\" type=\"stdout\"] out line"))
        #expect(received[1].hasPrefix("<11>1 ") && received[1].hasSuffix("[exo@32473 log=\"error\" type=\"stderr\"] err line"))
        #expect(received[2].hasSuffix(" node1 hello/default wrk1 worker [exo@32473 log=\"worker\" wrk_id=\"wrk1\"] worker line"))
        let deployLog = waitForDeployLog(store, containing: "Forwarding")
        #expect(deployLog.contains("RSYSLOG_REMOTE: remote.cfg (version abc123): Forwarding the error and worker logs to syslog "
            + "remote 127.0.0.1:\(receiver.port) (TCP, RFC 5424, octet-counted framing); the template CustomFormat is not "
            + "applied, exo always sends RFC 5424."))
        usleep(200_000)
        #expect(receiver.messages.count == 3)
    }

    @Test func reportsABadFileInTheDeployLogAndKeepsTheRemoteItHad() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        let current = Mutex(SyslogSource(name: "remote.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)"))
        let forwarder = store.forwardToSyslog(settings: settings) { _ in current.withLock { $0 } }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stdout", "message": "first"])
        #expect(receiver.waitFor(1).count == 1)

        current.withLock { $0 = SyslogSource(name: "remote.cfg", revision: "v2", text: "*.* @@127.0.0.1:http") }
        usleep(150_000)
        store.append("hello/default", .error, ["type": "stdout", "message": "second"])
        let deployLog = waitForDeployLog(store, containing: "v2")
        #expect(deployLog.contains("RSYSLOG_REMOTE: remote.cfg (version v2): line 1: the port \"http\" is not a number "
            + "from 1 to 65535. Still forwarding to 127.0.0.1:\(receiver.port) as before."))
        #expect(store.entries("hello/default", .deploy).last?.fields["level"] == "ERROR")
        #expect(receiver.waitFor(2).count == 2)

        current.withLock { $0 = SyslogSource(name: "gone.cfg", revision: "v3", text: nil, problem: "the deployed version has no file gone.cfg") }
        usleep(150_000)
        store.append("hello/default", .error, ["type": "stdout", "message": "third"])
        #expect(waitForDeployLog(store, containing: "v3").contains(
            "RSYSLOG_REMOTE: gone.cfg (version v3): the deployed version has no file gone.cfg. Still forwarding to 127.0.0.1:\(receiver.port) as before."))
    }

    @Test func refusesTLSInsteadOfSendingPlainText() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        let text = "$ActionSendStreamDriver gtls\n$ActionSendStreamDriverMode 1\n*.* @@127.0.0.1:\(receiver.port)"
        let forwarder = store.forwardToSyslog(settings: settings) { _ in SyslogSource(name: "tls.cfg", revision: "v1", text: text) }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stderr", "message": "secret-ish"])
        let deployLog = waitForDeployLog(store, containing: "TLS")
        #expect(deployLog.contains("RSYSLOG_REMOTE: tls.cfg (version v1): line 3 asks for TLS to 127.0.0.1:\(receiver.port), "
            + "which exo does not support yet; nothing is sent to 127.0.0.1:\(receiver.port) (no fallback to plain text)."))
        usleep(300_000)
        #expect(receiver.accepted == 0)
    }

    @Test func stopsForwardingWhenTheVariableIsRemoved() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        let current = Mutex<SyslogSource?>(SyslogSource(name: "r.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)"))
        let forwarder = store.forwardToSyslog(settings: settings) { _ in current.withLock { $0 } }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stdout", "message": "one"])
        #expect(receiver.waitFor(1).count == 1)
        current.withLock { $0 = nil }
        usleep(150_000)
        store.append("hello/default", .error, ["type": "stdout", "message": "two"])  // triggers the revalidation
        _ = waitForDeployLog(store, containing: "stopped")
        store.append("hello/default", .error, ["type": "stdout", "message": "three"])
        usleep(300_000)
        #expect(receiver.texts.count <= 2)
        #expect(!receiver.texts.contains { $0.hasSuffix("three") })
        #expect(store.entries("hello/default", .deploy).last?.fields["message"]
            == "Syslog forwarding stopped: RSYSLOG_REMOTE is no longer set.")
    }

    @Test func noticesAChangeAfterTheLastLineWithoutWaitingForAnother() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        var settings = settings
        settings.revalidateAfter = 0.5
        let current = Mutex(SyslogSource(name: "r.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)"))
        let forwarder = store.forwardToSyslog(settings: settings) { _ in current.withLock { $0 } }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stdout", "message": "one"])
        #expect(receiver.waitFor(1).count == 1)
        current.withLock { $0 = SyslogSource(name: "r.cfg", revision: "v2", text: "garbage") }
        store.append("hello/default", .error, ["type": "stdout", "message": "two"])  // within the window: old route
        let deployLog = waitForDeployLog(store, containing: "v2")
        #expect(deployLog.contains { $0.hasPrefix("RSYSLOG_REMOTE: r.cfg (version v2): line 1: \"garbage\" is not a forwarding action") })
    }

    @Test func closesTheRemoteOfAQuietDeploymentWhoseVariableWasRemoved() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        var settings = settings
        settings.revalidateAfter = 10
        settings.idleRecheckAfter = 0.3
        let current = Mutex<SyslogSource?>(SyslogSource(name: "r.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)"))
        let forwarder = store.forwardToSyslog(settings: settings) { _ in current.withLock { $0 } }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stdout", "message": "one"])
        #expect(receiver.waitFor(1).count == 1)
        current.withLock { $0 = nil }  // e.g. undeployed: no further line will come
        #expect(waitForDeployLog(store, containing: "stopped").last == "Syslog forwarding stopped: RSYSLOG_REMOTE is no longer set.")
    }

    @Test func anUndeployedDeploymentIsForgottenWithoutWritingItsLogsAgain() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        var settings = settings
        settings.idleRecheckAfter = 0.2
        let current = Mutex<SyslogSource?>(SyslogSource(name: "r.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)"))
        let forwarder = store.forwardToSyslog(settings: settings) { _ in current.withLock { $0 } }
        defer { forwarder.stop() }
        store.append("hello/default", .error, ["type": "stdout", "message": "one"])
        #expect(receiver.waitFor(1).count == 1)
        current.withLock { $0 = nil }
        store.remove("hello/default")
        usleep(600_000)
        store.flush()
        #expect(store.entries("hello/default", .deploy).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory + "/hello/default"))
    }

    @Test func linesBeyondThePendingLimitAreCountedWhileTheFileIsRead() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let store = LogStore(directory: directory, hostname: "node1")
        defer { store.flush(); try? FileManager.default.removeItem(atPath: directory) }
        var settings = settings
        settings.pendingLimit = 5
        let release = DispatchSemaphore(value: 0)
        let forwarder = store.forwardToSyslog(settings: settings) { _ in
            release.wait()  // a slow image read
            return SyslogSource(name: "r.cfg", revision: "v1", text: "*.* @@127.0.0.1:\(receiver.port)")
        }
        defer { forwarder.stop() }
        for index in 0..<8 { store.append("hello/default", .error, ["type": "stdout", "message": "held \(index)"]) }
        release.signal()
        #expect(receiver.waitFor(5).map { $0.suffix(6) } == ["held 0", "held 1", "held 2", "held 3", "held 4"])
        #expect(waitForDeployLog(store, containing: "were not forwarded").contains(
            "3 log lines were not forwarded to syslog: more than 5 arrived before the RSYSLOG_REMOTE file was read."))
    }
}
