import ExoRouter
import Foundation
import Testing

@Suite(.serialized)
struct RouteUpdateTests {
    @Test func publishedTableTakesEffectWithinASecond() throws {
        let fixture = try RouterFixture(backends: ["old", "new"], routes: { backends in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [backends[0].address])]
        })
        defer { fixture.stop() }
        #expect(try RawClient.get(port: fixture.port, host: "hello.app.localhost").echoed("backend") == ["old"])
        let start = Date()
        fixture.source?.publish([.init(hosts: ["hello.app.localhost", "other.example.com"], deployment: "hello/default",
                                       backends: [fixture.backends[1].address])])
        var answer: [String] = []
        while Date().timeIntervalSince(start) < 1 {
            answer = try RawClient.get(port: fixture.port, host: "hello.app.localhost").echoed("backend")
            if answer == ["new"] { break }
            usleep(10_000)
        }
        #expect(answer == ["new"])
        #expect(try RawClient.get(port: fixture.port, host: "other.example.com").echoed("backend") == ["new"])
    }

    @Test func tableFromARestartedSourceWithLowerVersionsIsAppliedOnceItIsBack() throws {
        let fixture = try RouterFixture(backends: ["old", "new"], routes: { backends in
            [.init(hosts: ["hello.app.localhost"], deployment: "hello/default", backends: [backends[0].address])]
        })
        defer { fixture.stop() }
        for _ in 0..<4 { fixture.source?.publish([.init(hosts: ["hello.app.localhost"], deployment: "hello/default",
                                                        backends: [fixture.backends[0].address])]) }
        try fixture.waitForVersion(5)
        fixture.source?.setDown(true)
        usleep(100_000)
        #expect(try RawClient.get(port: fixture.port, host: "hello.app.localhost").echoed("backend") == ["old"])
        fixture.source?.restart(at: 1, [.init(hosts: ["hello.app.localhost"], deployment: "hello/default",
                                              backends: [fixture.backends[1].address])])
        fixture.source?.setDown(false)
        let start = Date()
        var answer: [String] = []
        while Date().timeIntervalSince(start) < 2 {
            answer = try RawClient.get(port: fixture.port, host: "hello.app.localhost").echoed("backend")
            if answer == ["new"] { break }
            usleep(20_000)
        }
        #expect(answer == ["new"])
    }

    @Test func persistedTableIsServedWhenTheRouteSourceIsDown() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exo-router-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let stateFile = dir + "/router/routes.json"
        let first = try RouterFixture(stateFile: stateFile)
        // The watcher persists right after publishing; give it a moment.
        var waited = 0
        while !FileManager.default.fileExists(atPath: stateFile), waited < 200 { usleep(10_000); waited += 1 }
        #expect(FileManager.default.fileExists(atPath: stateFile))
        first.router.stop()
        // Second router: same backend, route source down from the start.
        let backend = first.backends[0]
        defer { backend.stop() }
        var config = RouterConfiguration(listen: HostPort(host: "127.0.0.1", port: 0), threads: 1)
        config.stateFile = stateFile
        let source = TestRouteSource(RouteTableDocument(version: 0, routes: []))
        source.setDown(true)
        let second = try Router.start(config, routeSource: source, log: { _ in })
        defer { second.stop() }
        let response = try RawClient.get(port: second.port, host: "hello.app.localhost")
        #expect(response.status == 200)
        #expect(response.echoed("backend") == ["a"])
    }
}
