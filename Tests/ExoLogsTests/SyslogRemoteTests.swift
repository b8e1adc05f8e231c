@testable import ExoLogs
import Foundation
import Glibc
import Synchronization
import Testing

struct SyslogRemoteTests {
    static let fast = SyslogRemote.Settings(capacity: 1_000, connectTimeout: 1, initialBackoff: 0.05, maxBackoff: 0.2)

    static func message(_ text: String) -> SyslogMessage {
        SyslogMessage(severity: 6, time: 1_700_000_000_000_000, hostname: "h", appName: "app/default", message: text)
    }

    final class Reports: Sendable {
        let lines = Mutex<[String]>([])
        func add(_ level: String, _ message: String) { lines.withLock { $0.append("\(level) \(message)") } }
        var all: [String] { lines.withLock { $0 } }
    }

    @Test func sendsOctetCountedFramesInOrder() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let remote = SyslogRemote(target: SyslogTarget(host: "127.0.0.1", port: receiver.port, transport: .tcp),
                                  settings: Self.fast) { _, _ in }
        defer { remote.stop() }
        let messages = (0..<50).map { Self.message("line \($0)") }
        for message in messages { remote.enqueue(message) }
        let received = receiver.waitFor(50)
        #expect(received == messages.map { String(decoding: $0.encoded(), as: UTF8.self) })
        #expect(receiver.malformed == 0)
    }

    @Test func reconnectsWhenTheRemoteGoesAwayAndComesBack() throws {
        let receiver = try SyslogReceiver()
        defer { receiver.close() }
        let reports = Reports()
        let remote = SyslogRemote(target: SyslogTarget(host: "127.0.0.1", port: receiver.port, transport: .tcp),
                                  settings: Self.fast, report: reports.add)
        defer { remote.stop() }
        remote.enqueue(Self.message("before"))
        #expect(receiver.waitFor(1) == [String(decoding: Self.message("before").encoded(), as: UTF8.self)])

        receiver.close()
        usleep(100_000)
        for index in 0..<5 { remote.enqueue(Self.message("during \(index)")) }
        usleep(400_000)  // several failed connects with back-off
        try receiver.restart()
        let received = receiver.waitFor(6)
        #expect(received.count == 6)
        #expect(received.last?.hasSuffix("during 4") == true)
        #expect(receiver.accepted >= 2)
        let deadline = Date(timeIntervalSinceNow: 5)
        while !reports.all.contains(where: { $0.hasPrefix("INFO") }), Date() < deadline { usleep(10_000) }
        #expect(reports.all.first?.hasPrefix("WARNING Syslog remote 127.0.0.1:\(receiver.port) (TCP) is not reachable") == true)
        #expect(reports.all.filter { $0.hasPrefix("WARNING") }.count == 1)
        #expect(reports.all.contains("INFO Syslog remote 127.0.0.1:\(receiver.port) (TCP) is reachable again."))
    }

    @Test func keepsAtMostCapacityMessagesDroppingTheOldestWithoutBlocking() throws {
        let receiver = try SyslogReceiver()
        let port = receiver.port
        receiver.close()  // nothing listens: every connect fails
        var settings = Self.fast
        settings.capacity = 100
        settings.initialBackoff = 0.5
        let remote = SyslogRemote(target: SyslogTarget(host: "127.0.0.1", port: port, transport: .tcp),
                                  settings: settings) { _, _ in }
        defer { remote.stop() }
        let started = Date()
        for index in 0..<100_000 { remote.enqueue(Self.message("line \(index)")) }
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(remote.queued == 100)
        #expect(remote.counters.dropped >= 99_800)

        try receiver.restart()
        defer { receiver.close() }
        let received = receiver.waitFor(100)
        #expect(received.count == 100)
        #expect(received.last?.hasSuffix("line 99999") == true)
    }

    @Test func resolvesAHostNameTryingEachAddress() throws {
        let receiver = try SyslogReceiver()  // IPv4 only: "localhost" may resolve to ::1 first
        defer { receiver.close() }
        let remote = SyslogRemote(target: SyslogTarget(host: "localhost", port: receiver.port, transport: .tcp),
                                  settings: Self.fast) { _, _ in }
        defer { remote.stop() }
        remote.enqueue(Self.message("by name"))
        #expect(receiver.waitFor(1).first?.hasSuffix(" by name") == true)
    }

    @Test func sendsOneMessagePerDatagramOverUDP() throws {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                try #require(bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0)
            }
        }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let port = Int(UInt16(bigEndian: address.sin_port))
        let remote = SyslogRemote(target: SyslogTarget(host: "127.0.0.1", port: port, transport: .udp),
                                  settings: Self.fast) { _, _ in }
        defer { remote.stop() }
        remote.enqueue(Self.message("first"))
        remote.enqueue(Self.message("second"))
        var buffer = [UInt8](repeating: 0, count: 2048)
        for text in ["first", "second"] {
            let count = recv(fd, &buffer, buffer.count, 0)
            #expect(count > 0 && Array(buffer[0..<max(count, 0)]) == Self.message(text).encoded())
        }
    }

    @Test func boundedQueueDropsOldestAndTakesBackWhatFits() {
        var queue = BoundedQueue<Int>(capacity: 3)
        let firstDrops = [queue.append(1), queue.append(2), queue.append(3), queue.append(4)]
        #expect(firstDrops == [false, false, false, true])
        let taken = queue.take(upTo: 2)
        #expect(taken == [2, 3])
        let lost = queue.prepend([7, 8, 9])
        #expect(lost == 1)
        let rest = queue.take(upTo: 10)
        #expect(rest == [8, 9, 4])
        #expect(queue.isEmpty)
    }
}
