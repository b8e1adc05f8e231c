import ExoController
import ExoSystem
import Foundation
import Testing

struct RoutePublisherTests {
    @Test func aNewPublisherHasNoRoutesAndAVersionFromTheClock() {
        let before = Int(Date().timeIntervalSince1970 * 1000)
        let table = RoutePublisher().current
        #expect(table.routes.isEmpty)
        #expect(table.version >= before)
    }

    /// A router keeps asking `since=N` with N from the previous exod; a restarted exod must not start below it.
    @Test func aLaterPublisherStartsAboveAnEarlierOnesVersion() {
        let earlier = RoutePublisher()
        earlier.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        Thread.sleep(forTimeInterval: 0.01)
        #expect(RoutePublisher().current.version > earlier.current.version)
    }

    /// Without any router a change returns at once; with one started (or adopted from a previous
    /// exod, perhaps still backing off) it waits for the router's next request, even its first.
    @Test func waitingForTheRouterHappensOnlyWhenOneIsExpectedOrHasAsked() {
        let alone = RoutePublisher()
        let started = Date()
        #expect(!alone.waitUntilFetched(alone.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: []), timeout: 2))
        #expect(Date().timeIntervalSince(started) < 0.5)

        let publisher = RoutePublisher()
        publisher.expectWatcher()
        let version = publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: [])
        let router = JoinableThread {
            Thread.sleep(forTimeInterval: 0.3)
            let table = publisher.wait(since: 0, timeout: 1)
            _ = publisher.wait(since: table.version, timeout: 0.1)   // the next poll confirms it applied
        }
        let waited = Date()
        #expect(publisher.waitUntilFetched(version, timeout: 3))
        #expect(Date().timeIntervalSince(waited) >= 0.25, "returned before the router's first request")
        router.join()
    }

    @Test func publishingAddsTheRouteAndBumpsTheVersion() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        let table = publisher.current
        #expect(table.version == v0 + 1)
        #expect(table.routes == [Route(hosts: ["shop.app.localhost"], deployment: "shop/default", backends: ["127.0.0.1:31000"])])
    }

    @Test func publishingTheSameRouteAgainKeepsTheVersion() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        #expect(publisher.current.version == v0 + 1)
    }

    @Test func changedBackendsReplaceTheDeploymentsRoute() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31001"])
        let table = publisher.current
        #expect(table.version == v0 + 2)
        #expect(table.routes.map(\.backends) == [["127.0.0.1:31001"]])
    }

    @Test func noHostsRemoveTheRouteAndHostsWithoutBackendsKeepItForTheRouters503() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        publisher.publish(deployment: "blog/default", hosts: ["blog.app.localhost"], backends: ["127.0.0.1:31001"])
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: [])
        #expect(publisher.current.version == v0 + 3)
        #expect(publisher.current.routes == [
            Route(hosts: ["blog.app.localhost"], deployment: "blog/default", backends: ["127.0.0.1:31001"]),
            Route(hosts: ["shop.app.localhost"], deployment: "shop/default", backends: []),
        ])
        publisher.publish(deployment: "shop/default", hosts: [], backends: [])
        #expect(publisher.current.version == v0 + 4)
        #expect(publisher.current.routes.map(\.deployment) == ["blog/default"])
    }

    @Test func removingAnUnknownDeploymentKeepsTheVersion() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "ghost/default", hosts: [], backends: [])
        #expect(publisher.current.version == v0)
    }

    @Test func routesAreOrderedByDeployment() {
        let publisher = RoutePublisher()
        publisher.publish(deployment: "zeta/default", hosts: ["zeta.app.localhost"], backends: ["127.0.0.1:1"])
        publisher.publish(deployment: "alpha/default", hosts: ["alpha.app.localhost"], backends: ["127.0.0.1:2"])
        #expect(publisher.current.routes.map(\.deployment) == ["alpha/default", "zeta/default"])
    }

    @Test func waitReturnsAtOnceWhenANewerVersionExists() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        let started = Date()
        let table = publisher.wait(since: v0, timeout: 5)
        #expect(table.version == v0 + 1)
        #expect(Date().timeIntervalSince(started) < 1)
    }

    @Test func waitBlocksUntilAnotherThreadPublishes() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        let started = Date()
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: 0.3)
            publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        }
        let table = publisher.wait(since: v0, timeout: 10)
        let elapsed = Date().timeIntervalSince(started)
        #expect(table.version == v0 + 1)
        #expect(table.routes.map(\.deployment) == ["shop/default"])
        #expect(elapsed >= 0.25)
        #expect(elapsed < 5)
    }

    @Test func waitIsNotWokenByAPublishThatChangesNothing() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        Thread.detachNewThread {
            publisher.publish(deployment: "shop/default", hosts: ["shop.app.localhost"], backends: ["127.0.0.1:31000"])
        }
        let started = Date()
        let table = publisher.wait(since: v0 + 1, timeout: 0.5)
        #expect(table.version == v0 + 1)
        #expect(Date().timeIntervalSince(started) >= 0.45)
    }

    @Test func waitTimesOutReturningTheSameVersion() {
        let publisher = RoutePublisher()
        let v0 = publisher.current.version
        let started = Date()
        let table = publisher.wait(since: v0, timeout: 0.4)
        let elapsed = Date().timeIntervalSince(started)
        #expect(table.version == v0)
        #expect(elapsed >= 0.35)
        #expect(elapsed < 3)
    }
}
