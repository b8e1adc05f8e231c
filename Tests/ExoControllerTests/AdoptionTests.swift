@testable import ExoController
import ExoCore
import ExoSystem
import Foundation
import Synchronization
import Testing

/// The pieces of adoption across exod restarts that need no real containers: held route tables,
/// container records, and the commit point of a converge.
struct AdoptionTests {
    @Test func aHeldPublisherAnswersNoWatcherUntilOpened() {
        let publisher = RoutePublisher(held: true)
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        let answered = Locked(false)
        let watcher = JoinableThread {
            let table = publisher.wait(since: 0, timeout: 5)
            #expect(table.routes.count == 1)
            answered.set(true)
        }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(!answered.get())
        // Nobody can fetch while held, so a converge does not wait for the router.
        let started = Date()
        #expect(!publisher.waitUntilFetched(publisher.current.version, timeout: 2))
        #expect(Date().timeIntervalSince(started) < 0.5)
        publisher.open()
        watcher.join()
        #expect(answered.get())
    }

    static func target(version: String = String(repeating: "a", count: 40), environment: [String: String] = ["A": "1"],
                       credentials: String = "{}", boxes: Int = 1) throws -> DesiredDeployment {
        DesiredDeployment(key: "shop/default", depID: "depshop0001", version: version, imagePath: "/images/a.tar.gz",
                          containers: 1, memory: try MemorySize(boxes: boxes), uid: 200_001, hosts: ["shop.app.localhost"],
                          environment: environment, credentials: Array(credentials.utf8))
    }

    @Test func aRecordMatchesOnlyTheTargetItWasStartedFor() throws {
        let record = ContainerRecord(try Self.target(), port: 31000)
        #expect(record.matches(try Self.target()))
        var moved = try Self.target()
        moved.hosts = ["other.app.localhost"]
        #expect(record.matches(moved), "hosts are the router's business, not the container's")
        #expect(!record.matches(try Self.target(version: String(repeating: "b", count: 40))))
        #expect(!record.matches(try Self.target(environment: ["A": "2"])))
        #expect(!record.matches(try Self.target(environment: ["A": "1", "B": ""])))
        #expect(!record.matches(try Self.target(credentials: "{\"x\": 1}")))
        #expect(!record.matches(try Self.target(boxes: 2)))
    }

    @Test func aRecordSurvivesTheRoundTripThroughItsFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let record = ContainerRecord(try Self.target(), port: 31007)
        try record.write(to: directory.path)
        #expect(ContainerRecord.read(from: directory.path) == record)
        #expect(ContainerRecord.read(from: directory.path + "/missing") == nil)
    }

    @Test func aFailingCommitStopsTheNewContainersAndKeepsTheOldOnesRouted() throws {
        let f = try ReconcilerTests.Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(version: "a", containers: 1))
        let before = f.routed
        let error = #expect(throws: ExoError.self) {
            try f.reconciler.converge(try f.target(version: "b", containers: 1)) { () throws(ExoError) in
                throw ExoError.internalError("store down", cause: nil)
            }
        }
        #expect(error?.message == "store down")
        #expect(f.routed == before)
        #expect(f.backends == before)
        #expect(ReconcilerTests.eventually { f.runtime.livePorts == before })
    }
}
