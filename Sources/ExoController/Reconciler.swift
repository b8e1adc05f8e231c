import ExoCore
import ExoRuntime
import ExoSystem
import Foundation
import Synchronization

/// The only code that starts or stops containers. The controller hands it the desired state of a
/// deployment; it converges the running web containers to it: new containers first, ready on
/// $PORT, then the route switch, then the old ones stopped. Converges of one deployment run one
/// at a time; different deployments converge in parallel.
public final class Reconciler: Sendable {
    private let paths: Paths
    private let runtime: any ContainerRuntime
    private let routes: RoutePublisher
    private let ports: PortAllocator
    private let bootTimeout: Double
    private let events: @Sendable (String, String) -> Void
    private let output: @Sendable (String, OutputLine) -> Void
    private let running = Mutex<[String: [WebContainer]]>([:])
    private let desired = Mutex<[String: DesiredDeployment]>([:])
    /// Idled deployments (no containers, route marked idle) with what a wake brings back.
    private let idled = Mutex<[String: DesiredDeployment]>([:])
    /// When each deployment last switched to new containers (a deploy counts as activity for idling).
    private let switchedAt = Mutex<[String: Date]>([:])
    private let serializer = KeyedSerializer()
    /// Old containers still draining after a switch; shutdown must stop them too.
    private let retiringContainers = Mutex<[ObjectIdentifier: WebContainer]>([:])
    private let shuttingDown = Atomic<Bool>(false)
    /// Converges under way. Shutdown waits for them (they give up at once when it begins): a
    /// container one of them started but had not yet handed to `running` would outlive exod.
    private let convergesUnderWay = Mutex(0)
    /// Containers a crashed exod left running, until each deployment's first converge claims them.
    private let leftovers: Leftovers
    /// How long old containers keep serving in-flight requests after the router switched away.
    static let drainSeconds = 2.0
    /// How long a change waits for the router to confirm the new table. The router writes its
    /// state file (fsync) before it confirms, which a busy disk can hold up for seconds; with no
    /// router the change returns after this long anyway.
    static let routerCatchUpSeconds = 5.0

    /// `events(deploymentKey, message)` receives deploy and crash messages for the deployment's logs;
    /// `output(deploymentKey, line)` every line a web container prints.
    public init(paths: Paths, runtime: any ContainerRuntime, routes: RoutePublisher, ports: PortAllocator,
                bootTimeout: Double, events: @escaping @Sendable (String, String) -> Void = { _, _ in },
                output: @escaping @Sendable (String, OutputLine) -> Void = { _, _ in }) {
        self.paths = paths
        self.runtime = runtime
        self.routes = routes
        self.ports = ports
        self.bootTimeout = bootTimeout
        self.events = events
        self.output = output
        leftovers = Leftovers(paths: paths, runtime: runtime, events: events, output: output)
    }

    /// Brings the deployment to `target`. On failure nothing of the new version keeps running and
    /// the old version keeps serving; the error says why, with the app's last output.
    /// `commit` runs once the new containers are ready and before the routes switch to them (the
    /// caller records the new desired state there): an exod killed at any point then comes back
    /// wanting what the router last saw or what replaces it, never going back to an older
    /// version. If it throws, the new containers are stopped and the old ones keep serving.
    public func converge(_ target: DesiredDeployment, commit: () throws(ExoError) -> Void = {}) throws(ExoError) {
        try serializer.run(target.key) { () throws(ExoError) in try convergeNow(target, commit: commit) }
    }

    private func convergeNow(_ target: DesiredDeployment, commit: () throws(ExoError) -> Void = {}) throws(ExoError) {
        // Admitted and counted in one step, so shutdown either sees this converge or stops it from starting.
        let admitted = convergesUnderWay.withLock { count -> Bool in
            guard !shuttingDown.load(ordering: .acquiring) else { return false }
            count += 1
            return true
        }
        guard admitted else { throw .unavailable("exod is shutting down.") }
        defer { convergesUnderWay.withLock { $0 -= 1 } }
        claimLeftovers(target)
        let current = running.withLock { $0[target.key] ?? [] }.filter { !$0.hasExited }
        // Containers keep the environment and credentials they started with: a config change
        // replaces them all (new ones first), like a new version.
        let sameConfiguration = desired.withLock { $0[target.key] }.map {
            $0.environment == target.environment && $0.credentials == target.credentials
        } ?? false
        let reusable = current.filter {
            sameConfiguration && $0.version == target.version && $0.memory == target.memory
        }

        if reusable.count == current.count {
            // Only the scale changed (or nothing): keep the containers that stay.
            let keep = Array(reusable.prefix(target.containers))
            let surplus = Array(reusable.dropFirst(target.containers))
            let added = try startReady(target, count: target.containers - keep.count)
            try committing(commit, orStop: added)
            switchTo(target, containers: keep + added, retiring: surplus)
        } else {
            let fresh = try startReady(target, count: target.containers)
            try committing(commit, orStop: fresh)
            switchTo(target, containers: fresh, retiring: current)
        }
    }

    private func committing(_ commit: () throws(ExoError) -> Void, orStop started: [WebContainer]) throws(ExoError) {
        do throws(ExoError) {
            try commit()
        } catch {
            stop(started, grace: 1)
            throw error
        }
    }

    /// Adopts what an earlier exod left running for this deployment if it is exactly what
    /// `target` runs (no restart: same container, same port), up to the target's count; the
    /// rest is stopped after the restore (`stopLeftovers`). Adopted containers become the
    /// deployment's running set, so the converge keeps them and starts only what is missing.
    private func claimLeftovers(_ target: DesiredDeployment) {
        var adopted: [WebContainer] = []
        for entry in leftovers.take(target.key) {
            guard entry.record.matches(target), adopted.count < target.containers else {
                leftovers.reject(entry)
                continue
            }
            guard let container = WebContainer.adopt(
                id: entry.id, record: entry.record, memory: target.memory, paths: paths, runtime: runtime,
                onOutput: { [output] line in output(target.key, line) },
                onExit: { [weak self] container, status, oomKilled in
                    self?.containerExited(target.key, container, status: status, oomKilled: oomKilled)
                })
            else {
                // It ended between `collect` and now.
                leftovers.collectEnded(entry)
                ports.release(entry.record.port)
                continue
            }
            // It may have been booting when exod died: it gets requests once it listens.
            do {
                try container.waitUntilReady(timeout: bootTimeout, unless: isShuttingDown)
                adopted.append(container)
                events(target.key, "Adopted running container \(container.id) of version \(target.version)")
            } catch {
                stop([container], grace: 1)
            }
        }
        guard !adopted.isEmpty else { return }
        running.withLock { $0[target.key] = adopted }
        desired.withLock { $0[target.key] = target }
    }

    /// Finds the web containers a killed exod left running (call once, before anything starts);
    /// their ports stay reserved until they are adopted or stopped.
    public func collectLeftovers() {
        for entry in leftovers.collect() { ports.reserve(entry.record.port) }
    }

    /// Stops the leftovers that no deployment claimed or wanted, after the restore: waits until
    /// the router has the restored table, lets requests in flight finish, then stops them.
    public func stopLeftovers() {
        _ = routes.waitUntilFetched(routes.current.version, timeout: 5)
        Thread.sleep(forTimeInterval: Self.drainSeconds)
        for port in leftovers.stopUnwanted(grace: 10) { ports.release(port) }
    }

    /// Stops everything of a deployment (undeploy) and removes its routes.
    public func remove(key: String) {
        serializer.run(key) {
            desired.withLock { _ = $0.removeValue(forKey: key) }
            idled.withLock { _ = $0.removeValue(forKey: key) }
            switchedAt.withLock { _ = $0.removeValue(forKey: key) }
            let old = running.withLock { $0.removeValue(forKey: key) ?? [] }
            routes.publish(deployment: key, hosts: [], backends: [])
            stop(old, grace: 5)
        }
    }

    /// Stops every container (exod shutting down). Desired state stays in the store.
    public func shutdown() {
        convergesUnderWay.withLock { _ in shuttingDown.store(true, ordering: .releasing) }
        // Each converge under way stops waiting for its new containers and stops them itself
        // (grace 1 s, then SIGKILL); one that got them ready hands them to `running` below.
        let deadline = Date(timeIntervalSinceNow: 15)
        while convergesUnderWay.withLock({ $0 }) > 0 && Date() < deadline { usleep(20_000) }
        let all = running.withLock { table -> [WebContainer] in
            let containers = table.values.flatMap { $0 }
            table.removeAll()
            return containers
        }
        // Containers still draining from a switch would otherwise outlive exod.
        let draining = retiringContainers.withLock { Array($0.values) }
        stop(all + draining, grace: 5)
        // …and so would containers of a killed exod that the restore has not claimed or stopped yet.
        for port in leftovers.stopUnwanted(grace: 5) { ports.release(port) }
    }

    /// Idling: if `target` is still what runs, the route is marked idle (the router holds new
    /// requests and asks for a wake), then the containers stop. The desired state moves aside, so
    /// crash restarts leave the deployment alone; `wake` brings exactly it back. False when
    /// something else happened to the deployment meanwhile.
    public func idle(_ target: DesiredDeployment) -> Bool {
        serializer.run(target.key) {
            guard !shuttingDown.load(ordering: .acquiring), desired.withLock({ $0[target.key] }) == target else { return false }
            desired.withLock { _ = $0.removeValue(forKey: target.key) }
            idled.withLock { $0[target.key] = target }
            let old = running.withLock { $0.removeValue(forKey: target.key) ?? [] }
            let version = routes.publish(deployment: target.key, hosts: target.hosts, backends: [], idle: true)
            // Requests already on their way to the old containers get to finish, as in a switch.
            _ = routes.waitUntilFetched(version, timeout: 5)
            stop(old, grace: 5)
            events(target.key, "Idled after no requests; the next request starts it again")
            return true
        }
    }

    /// New hostnames for a deployment (an alias added or removed): its route changes, its
    /// containers stay. Returns once the router has the new table (or after a short wait when no
    /// router is watching); a deployment that runs nothing has no route to change.
    public func rehost(key: String, hosts: [String]) {
        serializer.run(key) {
            let version: Int
            if var target = idled.withLock({ $0[key] }) {
                target.hosts = hosts
                idled.withLock { $0[key] = target }
                version = routes.publish(deployment: key, hosts: hosts, backends: [], idle: true)
            } else if var target = desired.withLock({ $0[key] }) {
                target.hosts = hosts
                desired.withLock { $0[key] = target }
                version = routes.publish(deployment: key, hosts: hosts, backends: backends(of: key).map { "127.0.0.1:\($0)" })
            } else {
                return
            }
            _ = routes.waitUntilFetched(version, timeout: Self.routerCatchUpSeconds)
        }
    }

    /// Marks a deployment idle without starting it (exod starting with it idle in the store).
    public func restoreIdle(_ target: DesiredDeployment) {
        serializer.run(target.key) {
            idled.withLock { $0[target.key] = target }
            routes.publish(deployment: target.key, hosts: target.hosts, backends: [], idle: true)
        }
    }

    /// Starts an idled deployment again, as it was; false when it is not idle (already woken,
    /// redeployed or removed).
    public func wake(key: String) throws(ExoError) -> Bool {
        try serializer.run(key) { () throws(ExoError) -> Bool in
            guard let target = idled.withLock({ $0[key] }) else { return false }
            try convergeNow(target)
            events(key, "Woken by a request")
            return true
        }
    }

    private func isShuttingDown() -> Bool { shuttingDown.load(ordering: .acquiring) }

    public func isIdle(_ key: String) -> Bool { idled.withLock { $0[key] != nil } }

    /// What runs (idled deployments excluded), each with the time it last switched containers.
    public func activeDeployments() -> [(target: DesiredDeployment, since: Date)] {
        let targets = desired.withLock { Array($0.values) }
        let times = switchedAt.withLock { $0 }
        return targets.map { ($0, times[$0.key] ?? .distantPast) }
    }

    /// Ports of the running containers of a deployment, for details and tests.
    public func backends(of key: String) -> [Int] {
        running.withLock { $0[key] ?? [] }.filter { !$0.hasExited }.map(\.port)
    }

    private func startReady(_ target: DesiredDeployment, count: Int) throws(ExoError) -> [WebContainer] {
        guard count > 0 else { return [] }
        var started: [WebContainer] = []
        do {
            for _ in 0..<count {
                started.append(try startOne(target))
            }
            for container in started {
                try container.waitUntilReady(timeout: bootTimeout, unless: isShuttingDown)
                events(target.key, "Deployed version: \(target.version)")
            }
            return started
        } catch {
            stop(started, grace: 1)
            if let exo = error as? ExoError { throw exo }
            throw .internalError("Starting the container failed.", cause: "\(error)")
        }
    }

    private func startOne(_ target: DesiredDeployment) throws -> WebContainer {
        guard let port = ports.allocate() else {
            throw ExoError.unavailable("No free port left for a new container.")
        }
        do {
            return try WebContainer.start(target, port: port, paths: paths, runtime: runtime,
                onOutput: { [output] line in output(target.key, line) },
                onExit: { [weak self] container, status, oomKilled in
                    self?.containerExited(target.key, container, status: status, oomKilled: oomKilled)
                })
        } catch {
            ports.release(port)
            throw error
        }
    }

    /// Only a converge that succeeded becomes the desired state: a failed deploy leaves nothing
    /// behind that a later crash restart could bring up.
    private func switchTo(_ target: DesiredDeployment, containers: [WebContainer], retiring: [WebContainer]) {
        running.withLock { $0[target.key] = containers }
        desired.withLock { $0[target.key] = target }
        idled.withLock { _ = $0.removeValue(forKey: target.key) }
        switchedAt.withLock { $0[target.key] = Date() }
        let version = routes.publish(deployment: target.key, hosts: target.hosts,
                                     backends: containers.map { "127.0.0.1:\($0.port)" })
        // A deploy (or config change) returns once the router routes to the new containers, so
        // the caller's next request is answered by them.
        let applied = routes.waitUntilFetched(version, timeout: Self.routerCatchUpSeconds)
        if !retiring.isEmpty {
            events(target.key, "Routing requests to new version")
            retiringContainers.withLock { table in for c in retiring { table[ObjectIdentifier(c)] = c } }
            JoinableThread.detach { [self] in
                defer { retiringContainers.withLock { table in for c in retiring { table[ObjectIdentifier(c)] = nil } } }
                // No new request reaches the old containers once the router has the new table;
                // the ones in flight get a moment to finish before SIGTERM.
                if !applied { _ = routes.waitUntilFetched(version, timeout: 3) }
                Thread.sleep(forTimeInterval: Self.drainSeconds)
                stop(retiring, grace: 10)
            }
        }
    }

    private func stop(_ containers: [WebContainer], grace: Double) {
        for container in containers {
            container.stop(grace: grace)
            ports.release(container.port)
        }
    }

    /// A web container ended on its own: take it out of rotation and start a replacement.
    private func containerExited(_ key: String, _ container: WebContainer, status: ExitStatus, oomKilled: Bool) {
        let reason = oomKilled ? "was killed: out of memory" : "exited (\(status))"
        events(key, "Container \(container.id) \(reason)")
        let target: DesiredDeployment? = running.withLock { table in
            guard var list = table[key], let index = list.firstIndex(where: { $0 === container }) else { return nil }
            list.remove(at: index)
            table[key] = list
            return desired.withLock { $0[key] }
        }
        guard let target else { return }
        routes.publish(deployment: key, hosts: target.hosts, backends: backends(of: key).map { "127.0.0.1:\($0)" })
        container.stop(grace: 0)
        ports.release(container.port)
        JoinableThread.detach { [self] in restore(target) }
    }

    /// Restarts what a crash took away, backing off (1 s doubling to 60 s) while the replacement
    /// fails too, for as long as nothing newer was deployed.
    private func restore(_ target: DesiredDeployment) {
        var delay = 1.0
        while true {
            Thread.sleep(forTimeInterval: delay)
            // Aliases added meanwhile change only the hostnames: still the same containers to bring back.
            guard !shuttingDown.load(ordering: .acquiring), let current = desired.withLock({ $0[target.key] }),
                  current.runsTheSameContainers(as: target) else { return }
            do {
                try converge(current)
                return
            } catch {
                events(target.key, "Restarting failed, next try in \(Int(min(60, delay * 2))) s: \(error.message)")
                delay = min(60, delay * 2)
            }
        }
    }
}
