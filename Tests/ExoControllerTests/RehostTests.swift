import ExoController
import ExoCore
import ExoSystem
import Foundation
import Testing

/// New hostnames (aliases) change a deployment's route, never its containers.
struct RehostTests {
    static let hosts = ["shop.app.localhost", "www.shop.example"]

    func route(_ f: ReconcilerTests.Fixture) -> Route? {
        f.routes.current.routes.first { $0.deployment == "shop/default" }
    }

    @Test func aRunningDeploymentGetsTheNewHostsOnTheSameContainers() throws {
        let f = try ReconcilerTests.Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 2))
        let before = f.backends
        f.reconciler.rehost(key: "shop/default", hosts: Self.hosts)
        #expect(route(f)?.hosts == Self.hosts)
        #expect(f.routed == before)
        #expect(f.runtime.startCount == 2)
        // A later converge of the same version (e.g. a scale change) keeps them too.
        var target = try f.target(containers: 2)
        target.hosts = Self.hosts
        try f.reconciler.converge(target)
        #expect(f.runtime.startCount == 2)
        #expect(route(f)?.hosts == Self.hosts)
    }

    @Test func aCrashAfterARehostIsStillRestartedWithTheNewHosts() throws {
        let f = try ReconcilerTests.Fixture()
        defer { f.tearDown() }
        try f.reconciler.converge(try f.target(containers: 1))
        f.reconciler.rehost(key: "shop/default", hosts: Self.hosts)
        let crashed = try #require(f.backends.first)
        f.runtime.crash(port: crashed)
        #expect(ReconcilerTests.eventually(8) { f.runtime.startCount == 2 && f.backends.count == 1 && f.routed == f.backends })
        #expect(route(f)?.hosts == Self.hosts)
    }

    @Test func anIdleDeploymentStaysIdleWithTheNewHostsAndWakesWithThem() throws {
        let f = try ReconcilerTests.Fixture()
        defer { f.tearDown() }
        let done = Locked(false)
        defer { done.set(true) }
        let routes = f.routes
        JoinableThread.detach { ReconcilerIdleTests.watch(routes, until: done) }
        let target = try f.target(containers: 1)
        try f.reconciler.converge(target)
        #expect(f.reconciler.idle(target))
        f.reconciler.rehost(key: "shop/default", hosts: Self.hosts)
        #expect(route(f)?.idle == true)
        #expect(route(f)?.hosts == Self.hosts)
        #expect(f.runtime.startCount == 1)
        #expect(try f.reconciler.wake(key: "shop/default"))
        #expect(route(f)?.hosts == Self.hosts)
        #expect(f.backends.count == 1)
    }

    @Test func aDeploymentThatRunsNothingHasNoRouteToChange() throws {
        let f = try ReconcilerTests.Fixture()
        defer { f.tearDown() }
        f.reconciler.rehost(key: "shop/default", hosts: Self.hosts)
        #expect(f.routes.current.routes.isEmpty)
    }
}
