import ExoController
import ExoCore
import ExoSystem
import Foundation
import Synchronization
import Testing

/// The reconciler with real bundles, real ports and its real readiness probe; only the OCI
/// runtime is an in-process stand-in (`FakeAppRuntime`).
struct ReconcilerTests {
    final class Fixture: Sendable {
        static let fixtures = Atomic<Int>(0)
        let directory: TemporaryDirectory
        let paths: Paths
        let runtime = FakeAppRuntime()
        let routes = RoutePublisher()
        let reconciler: Reconciler
        let image: String

        init() throws {
            directory = try TemporaryDirectory()
            paths = Paths(dataDir: directory.path)
            for (path, mode) in paths.directories { try Files.makeDirectory(path, mode: mode) }
            image = directory.path + "/image.tar.gz"
            try Files.makeDirectory(directory.path + "/content")
            try Command.run(["tar", "--create", "--gzip", "--file", image, "--directory", directory.path + "/content", "."])
            // Below the kernel's ephemeral range, so port-0 servers of other tests cannot take them, and
            // a range of its own per fixture: tests run in parallel and each allocator only knows its own ports.
            let base = 21900 + 8 * Self.fixtures.add(1, ordering: .relaxed).oldValue
            reconciler = Reconciler(paths: paths, runtime: runtime, routes: routes,
                                    ports: PortAllocator(range: base...(base + 7)), bootTimeout: 1.5)
        }

        func target(version: Character = "a", containers: Int) throws -> DesiredDeployment {
            DesiredDeployment(key: "shop/default", depID: "depshop0001", version: String(repeating: version, count: 40),
                              imagePath: image, containers: containers, memory: try MemorySize(boxes: 1), uid: 200_001,
                              hosts: ["shop.app.localhost"], environment: ["DEP_NAME": "shop/default"], credentials: Array("{}\n".utf8))
        }

        var backends: Set<Int> { Set(reconciler.backends(of: "shop/default")) }

        /// The backends of the published route, as ports.
        var routed: Set<Int> {
            Set(routes.current.routes.filter { $0.deployment == "shop/default" }
                .flatMap(\.backends).compactMap { Int($0.split(separator: ":").last ?? "") })
        }

        func tearDown() {
            reconciler.shutdown()
            // Retired containers stop on a background thread; let them finish removing their bundles.
            _ = ReconcilerTests.eventually { (try? Files.listDirectory(paths.containers))?.isEmpty ?? true }
            directory.remove()
        }
    }

    /// Polls `condition` for up to `timeout` seconds (retiring containers stop on a background thread).
    static func eventually(_ timeout: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while Date() < deadline {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return condition()
    }

    @Test func convergeStartsTheContainersAndRoutesToThem() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 2))
        #expect(f.backends.count == 2)
        #expect(f.routed == f.backends)
        #expect(f.runtime.livePorts == f.backends)
        #expect(f.routes.current.routes.first?.hosts == ["shop.app.localhost"])
        #expect(f.backends.allSatisfy { TCPProbeForTests.accepts($0) })
    }

    @Test func scalingUpKeepsTheRunningContainers() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 2))
        let before = f.backends
        try f.reconciler.converge(try f.target(containers: 3))
        #expect(f.backends.count == 3)
        #expect(before.isSubset(of: f.backends))
        #expect(f.routed == f.backends)
        #expect(f.runtime.startCount == 3)
    }

    @Test func scalingDownStopsOnlyTheSurplus() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 3))
        let before = f.backends
        try f.reconciler.converge(try f.target(containers: 1))
        #expect(f.backends.count == 1)
        #expect(f.backends.isSubset(of: before))
        #expect(f.routed == f.backends)
        // Retired containers keep serving until the router has the new table (5 s without a router) and a drain.
        #expect(Self.eventually(15) { f.runtime.livePorts == f.backends })
        #expect(f.runtime.startCount == 3)
    }

    @Test func aNewVersionReplacesEveryContainerAfterTheNewOnesServe() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(version: "a", containers: 2))
        let old = f.backends
        let versionBefore = f.routes.current.version
        try f.reconciler.converge(try f.target(version: "b", containers: 2))
        #expect(f.backends.count == 2)
        #expect(f.backends.isDisjoint(with: old))
        #expect(f.routed == f.backends)
        #expect(f.routes.current.version == versionBefore + 1)
        #expect(Self.eventually(15) { f.runtime.livePorts == f.backends })
    }

    @Test func anAppThatNeverListensFailsTheConvergeAndTheOldVersionKeepsServing() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(version: "a", containers: 1))
        let old = f.backends
        let table = f.routes.current
        f.runtime.listens = false
        let error = #expect(throws: ExoError.self) { try f.reconciler.converge(try f.target(version: "b", containers: 1)) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("did not listen on $PORT") == true)
        #expect(error?.message.contains("fake app on port") == true, "the error carries the app's last output")
        #expect(f.backends == old)
        #expect(f.routes.current == table)
        #expect(f.runtime.livePorts == old)
        #expect(try Files.listDirectory(f.paths.containers).count == 1)
    }

    @Test func aPortThatAnotherProcessHoldsIsNotTakenForTheAppListening() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(version: "a", containers: 1))
        let table = f.routes.current
        f.runtime.portHeldElsewhere = true
        let error = #expect(throws: ExoError.self) { try f.reconciler.converge(try f.target(version: "b", containers: 1)) }
        #expect(error?.code == .unavailable)
        #expect(error?.message.contains("is held by a process outside its container") == true, "\(String(describing: error))")
        #expect(f.routes.current == table, "no route to the port of another process")
    }

    /// exod exits right after `shutdown`, and detached containers would outlive it: one that a
    /// converge is still waiting for must be stopped before `shutdown` returns.
    @Test func shutdownStopsTheContainersAConvergeIsStillWaitingFor() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        f.runtime.listens = false
        let target = try f.target(containers: 2)
        let outcome = Locked<ExoError?>(nil)
        let deploy = JoinableThread {
            do throws(ExoError) { try f.reconciler.converge(target) } catch { outcome.set(error) }
        }
        #expect(ReconcilerTests.eventually { f.runtime.livePorts.count == 2 })
        f.reconciler.shutdown()
        #expect(f.runtime.livePorts.isEmpty, "started by the converge and left running")
        deploy.join()
        #expect(outcome.get()?.message == "exod is shutting down.")
        #expect(throws: ExoError.self) { try f.reconciler.converge(try f.target(containers: 1)) }
        #expect(f.runtime.livePorts.isEmpty)
    }

    @Test func removeStopsEverythingAndDropsTheRoute() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 2))
        f.reconciler.remove(key: "shop/default")
        #expect(f.backends.isEmpty)
        #expect(f.routes.current.routes.isEmpty)
        #expect(f.runtime.livePorts.isEmpty)
        #expect(try Files.listDirectory(f.paths.containers).isEmpty)
    }

    @Test func aCrashedContainerLeavesTheRouteAndIsReplaced() throws {
        let f = try Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 2))
        let crashed = try #require(f.backends.first)
        f.runtime.crash(port: crashed)
        #expect(Self.eventually { !f.routed.contains(crashed) || f.runtime.startCount == 3 })
        #expect(Self.eventually(8) { f.runtime.startCount == 3 && f.backends.count == 2 && f.routed == f.backends })
        #expect(f.runtime.livePorts == f.backends)
    }
}
