import Foundation
import Synchronization

/// One deployment's entry in the router's table.
public struct Route: Codable, Sendable, Equatable {
    public var hosts: [String]
    public var deployment: String
    public var backends: [String]
    /// Idled: no backends, and the router holds requests while it asks exod to wake it.
    /// Written only when true, so tables stay as before for routers that know nothing of idling.
    public var idle: Bool?

    public init(hosts: [String], deployment: String, backends: [String], idle: Bool? = nil) {
        self.hosts = hosts
        self.deployment = deployment
        self.backends = backends
        self.idle = idle
    }
}

/// A published, versioned route table: what exo-router pulls.
public struct RouteTable: Codable, Sendable, Equatable {
    public var version: Int
    public var routes: [Route]
}

/// Holds the current route table and lets watchers long-poll for the next version.
/// The reconciler publishes; the internal API's `GET /internal/routes?since=N` waits here.
public final class RoutePublisher: Sendable {
    // Versions start at the clock (ms) so they keep growing across exod restarts: a router that
    // asks `since=N` with N from the previous exod never waits on a counter that restarted at 1.
    private let state = Mutex(RouteTable(version: Int(Date().timeIntervalSince1970 * 1000), routes: []))
    private let changed = NSCondition()
    /// The newest version a watcher has confirmed by asking for anything newer.
    private let fetched = Mutex(0)
    /// Held: watchers get no table yet (see `init(held:)`).
    private let held: Atomic<Bool>
    /// A router runs (started or adopted) even if it has not asked this exod for a table yet.
    private let watcherExpected = Atomic<Bool>(false)

    /// `held`: a restarting exod knows no routes until it has restored (adopted) its
    /// deployments, while the router still serves the last table it had. Answering its watch
    /// with the empty start-up table would make it drop every route, so watchers wait until
    /// `open()`. Publishing works meanwhile; only the handing out waits.
    public init(held: Bool = false) {
        self.held = Atomic(held)
    }

    /// Lets watchers have the table (after the restore); idempotent.
    public func open() {
        held.store(false, ordering: .releasing)
        changed.lock()
        changed.broadcast()
        changed.unlock()
    }

    public var isHeld: Bool { held.load(ordering: .acquiring) }

    /// Says a router is started or adopted, so changes are worth waiting for before its first
    /// request: a router kept from a previous exod may still be backing off from the gap, and
    /// a change that returned before it caught up would not be routed yet.
    public func expectWatcher() {
        watcherExpected.store(true, ordering: .releasing)
    }

    public var current: RouteTable { state.withLock { $0 } }

    /// Replaces the route of one deployment and bumps the version; returns the version that
    /// carries the change. No hosts remove the route (undeploy). Hosts without backends keep it:
    /// the deployment exists but nothing of it runs right now (its only container crashed and is
    /// being restarted), which the router answers with its 503 page rather than "unknown host";
    /// an idle route instead holds requests while the router asks for a wake.
    @discardableResult
    public func publish(deployment: String, hosts: [String], backends: [String], idle: Bool = false) -> Int {
        let (didChange, version) = state.withLock { table -> (Bool, Int) in
            var routes = table.routes.filter { $0.deployment != deployment }
            if hosts.isEmpty {
                // removed
            } else if idle {
                routes.append(Route(hosts: hosts, deployment: deployment, backends: [], idle: true))
            } else {
                routes.append(Route(hosts: hosts, deployment: deployment, backends: backends))
            }
            routes.sort { $0.deployment < $1.deployment }
            guard routes != table.routes else { return (false, table.version) }
            table = RouteTable(version: table.version + 1, routes: routes)
            return (true, table.version)
        }
        if didChange {
            changed.lock()
            changed.broadcast()
            changed.unlock()
        }
        return version
    }

    /// Blocks until a watcher (exo-router) has asked for a version newer than `version`, i.e. it
    /// has the table of `version`; false when none did within the timeout (router down).
    public func waitUntilFetched(_ version: Int, timeout: Double) -> Bool {
        // No router (none has watched, and none is known to run), or nobody can have the table
        // yet: nothing to wait for.
        let watched = fetched.withLock({ $0 }) > 0 || watcherExpected.load(ordering: .acquiring)
        guard watched, !isHeld else { return false }
        let deadline = Date(timeIntervalSinceNow: timeout)
        changed.lock()
        defer { changed.unlock() }
        while fetched.withLock({ $0 }) < version {
            if !changed.wait(until: deadline) { return false }
        }
        return true
    }

    /// Longest a watcher is held before it gets the table anyway.
    static let holdLimit = 300.0

    /// Blocks until the version is greater than `since` or the timeout passes; returns the table either way.
    /// Asking with `since` tells the publisher the watcher already applied that version.
    public func wait(since: Int, timeout: Double) -> RouteTable {
        let advanced = fetched.withLock { seen -> Bool in
            guard since > seen else { return false }
            seen = since
            return true
        }
        if advanced {
            changed.lock()
            changed.broadcast()
            changed.unlock()
        }
        let deadline = Date(timeIntervalSinceNow: timeout)
        changed.lock()
        defer { changed.unlock() }
        // While held, no answer at all (a watcher that gives up keeps its last table and asks again);
        // the cap only bounds how long a thread can be kept.
        let holdLimit = Date(timeIntervalSinceNow: Self.holdLimit)
        while isHeld && changed.wait(until: holdLimit) {}
        while current.version <= since {
            if !changed.wait(until: deadline) { break }
        }
        return current
    }
}
