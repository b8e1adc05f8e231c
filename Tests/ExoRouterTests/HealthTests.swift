import ExoHTTP
import ExoRouter
import Foundation
import Synchronization
import Testing

@Suite(.serialized)
struct HealthTests {
    @Test func failingBackendIsTakenOutOfRotationAndPutBackAfterItsHealthCheckPasses() throws {
        let broken = Atomic<Bool>(true)
        let probes = Mutex<[String]>([])
        let sick = try TestBackend(name: "sick") { head, _ in
            if head.target == "/CloudHealthCheck" {
                probes.withLock { $0.append(head.headers["User-Agent"] ?? "") }
                return (broken.load(ordering: .relaxed) ? 500 : 200, [], [])
            }
            return broken.load(ordering: .relaxed) ? (502, [], Array("bad".utf8)) : (200, [], Array("backend=sick\n".utf8))
        }
        defer { sick.stop() }
        let fixture = try RouterFixture(backends: ["good"], routes: { backends in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [sick.address, backends[0].address])]
        })
        defer { fixture.stop() }
        var statuses: [Int] = []
        for _ in 0..<8 { statuses.append(try RawClient.get(port: fixture.port, host: "hello.app.localhost").status) }
        // The failure reaches one client once; afterwards only the healthy backend is used.
        #expect(statuses.filter { $0 == 502 }.count == 1)
        #expect(fixture.router.health.ejectedBackends.map(\.port) == [sick.port])

        broken.store(false, ordering: .relaxed)
        let start = Date()
        while !fixture.router.health.ejectedBackends.isEmpty, Date().timeIntervalSince(start) < 4 { usleep(50_000) }
        #expect(fixture.router.health.ejectedBackends.isEmpty)
        #expect(probes.withLock { $0 }.allSatisfy { $0 == "cloudControl-HealthCheck" })
        #expect(!probes.withLock { $0 }.isEmpty)
        var seen: Set<String> = []
        for _ in 0..<4 { seen.formUnion(try RawClient.get(port: fixture.port, host: "hello.app.localhost").echoed("backend")) }
        #expect(seen == ["sick", "good"])
    }

    @Test func aLoneFailingBackendKeepsBeingServed() throws {
        let lone = try TestBackend(name: "lone") { _, _ in (502, [], []) }
        defer { lone.stop() }
        let fixture = try RouterFixture(backends: [], routes: { _ in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [lone.address])]
        })
        defer { fixture.stop() }
        for _ in 0..<3 { #expect(try RawClient.get(port: fixture.port, host: "hello.app.localhost").status == 502) }
        #expect(lone.requestCount >= 3)
    }
}
