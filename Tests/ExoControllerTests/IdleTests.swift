import ExoController
import ExoCore
import ExoSystem
import Foundation
import Synchronization
import Testing

struct IdlePolicyTests {
    func target(containers: Int, boxes: Int) throws -> DesiredDeployment {
        DesiredDeployment(key: "a/default", depID: "depa0000001", version: String(repeating: "a", count: 40), imagePath: "/x",
                          containers: containers, memory: try MemorySize(boxes: boxes), uid: 200_001, hosts: ["a.app.localhost"],
                          environment: [:], credentials: [])
    }

    @Test func oneSmallContainerIdlesOnceQuietForThePeriod() throws {
        let policy = IdlePolicy(idleAfter: 3600)
        let now = Date()
        let small = try target(containers: 1, boxes: 1)
        #expect(!policy.shouldIdle(small, lastActivity: now.addingTimeInterval(-3599), now: now))
        #expect(policy.shouldIdle(small, lastActivity: now.addingTimeInterval(-3600), now: now))
    }

    @Test func scaledDeploymentsNeverIdle() throws {
        let policy = IdlePolicy(idleAfter: 3)
        let longAgo = Date(timeIntervalSinceNow: -86400)
        #expect(!policy.shouldIdle(try target(containers: 2, boxes: 1), lastActivity: longAgo, now: Date()))
        #expect(!policy.shouldIdle(try target(containers: 1, boxes: 2), lastActivity: longAgo, now: Date()))
    }

    @Test func zeroDisablesIdling() throws {
        let policy = IdlePolicy(idleAfter: 0)
        #expect(!policy.isEnabled)
        #expect(!policy.shouldIdle(try target(containers: 1, boxes: 1), lastActivity: .distantPast, now: Date()))
    }

    @Test func idleAfterComesFromTheEnvironment() throws {
        #expect(try PlatformConfiguration.fromEnvironment([:]).idleAfter == 3600)
        #expect(try PlatformConfiguration.fromEnvironment(["EXO_IDLE_AFTER": "3"]).idleAfter == 3)
        #expect(try PlatformConfiguration.fromEnvironment(["EXO_IDLE_AFTER": "0"]).idleAfter == 0)
        #expect(throws: ExoError.self) { try PlatformConfiguration.fromEnvironment(["EXO_IDLE_AFTER": "soon"]) }
    }
}

/// Idling and waking through the reconciler, with a stand-in router that fetches every table.
struct ReconcilerIdleTests {
    /// Confirms each new table as exo-router's long-poll would, so idling need not wait out its timeout.
    static func watch(_ routes: RoutePublisher, until done: Locked<Bool>) {
        var version = 0
        while !done.get() { version = routes.wait(since: version, timeout: 0.1).version }
    }

    @Test func idlingStopsTheContainerAndMarksTheRouteAndWakingBringsItBack() throws {
        let fixture = try ReconcilerTests.Fixture()
        defer { fixture.tearDown() }
        let done = Locked(false)
        defer { done.set(true) }
        let routes = fixture.routes
        JoinableThread.detach { Self.watch(routes, until: done) }

        let target = try fixture.target(containers: 1)
        try fixture.reconciler.converge(target)
        #expect(fixture.reconciler.activeDeployments().map(\.target) == [target])
        #expect(fixture.reconciler.idle(target))
        #expect(fixture.backends.isEmpty)
        #expect(fixture.reconciler.isIdle("shop/default"))
        #expect(fixture.reconciler.activeDeployments().isEmpty)
        let route = try #require(fixture.routes.current.routes.first { $0.deployment == "shop/default" })
        #expect(route.idle == true)
        #expect(route.backends.isEmpty)
        #expect(route.hosts == ["shop.app.localhost"])

        #expect(try fixture.reconciler.wake(key: "shop/default"))
        #expect(fixture.backends.count == 1)
        #expect(fixture.routed == fixture.backends)
        #expect(fixture.routes.current.routes.first { $0.deployment == "shop/default" }?.idle == nil)
        #expect(!fixture.reconciler.isIdle("shop/default"))
        #expect(try !fixture.reconciler.wake(key: "shop/default"))
    }

    @Test func aTargetReplacedMeanwhileIsNotIdled() throws {
        let fixture = try ReconcilerTests.Fixture()
        defer { fixture.tearDown() }
        try fixture.reconciler.converge(try fixture.target(version: "a", containers: 1))
        try fixture.reconciler.converge(try fixture.target(version: "b", containers: 1))
        #expect(!fixture.reconciler.idle(try fixture.target(version: "a", containers: 1)))
        #expect(fixture.backends.count == 1)
    }

    @Test func aDeployWhileIdleEndsIdling() throws {
        let fixture = try ReconcilerTests.Fixture()
        defer { fixture.tearDown() }
        let done = Locked(false)
        defer { done.set(true) }
        let routes = fixture.routes
        JoinableThread.detach { Self.watch(routes, until: done) }
        let target = try fixture.target(containers: 1)
        try fixture.reconciler.converge(target)
        #expect(fixture.reconciler.idle(target))
        try fixture.reconciler.converge(try fixture.target(version: "b", containers: 1))
        #expect(!fixture.reconciler.isIdle("shop/default"))
        #expect(fixture.routed == fixture.backends)
        #expect(try !fixture.reconciler.wake(key: "shop/default"))
    }
}

/// The monitor's round: activity (requests, container switches) postpones idling; the store's
/// state follows idling and waking.
struct IdleMonitorTests {
    @Test func quietDeploymentIsIdledInTheStoreAndAWakeMarksItDeployedAgain() throws {
        let services = try ControllerFixture()
        defer { services.tearDown() }
        let bob = try services.principal("bob")
        _ = try services.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        var record = try services.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        record.state = .deployed
        _ = try services.store.updateDeployment(record)

        let fixture = try ReconcilerTests.Fixture()
        defer { fixture.tearDown() }
        let done = Locked(false)
        defer { done.set(true) }
        let routes = fixture.routes
        JoinableThread.detach { ReconcilerIdleTests.watch(routes, until: done) }
        let monitor = IdleMonitor(policy: IdlePolicy(idleAfter: 10), store: services.store, reconciler: fixture.reconciler,
                                  log: { _ in })
        let state = { try services.deployments.deployment(app: "shop", name: "default", by: bob).state }

        try fixture.reconciler.converge(try fixture.target(containers: 1))
        let start = Date()
        monitor.check(now: start.addingTimeInterval(5))
        monitor.touch("shop/default", at: start.addingTimeInterval(5))
        monitor.check(now: start.addingTimeInterval(12))
        #expect(try state() == .deployed)
        #expect(fixture.backends.count == 1)

        monitor.check(now: start.addingTimeInterval(16))
        #expect(try state() == .idle)
        #expect(fixture.backends.isEmpty)

        #expect(monitor.wake("shop/default"))
        #expect(ReconcilerTests.eventually { (try? state()) == .deployed })
        #expect(fixture.backends.count == 1)
        #expect(!monitor.wake("shop/default"))
    }
}
