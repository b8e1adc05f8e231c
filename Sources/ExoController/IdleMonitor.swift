import ExoCore
import ExoStore
import ExoSystem
import Foundation
import Synchronization

/// Idles quiet deployments and wakes them on the router's request. Activity is every request
/// the router logged for a deployment (exod receives the access log within ~250 ms) and every
/// switch to new containers; the decision is `IdlePolicy`'s, the stopping and starting the
/// reconciler's. The store's state follows: `idle` while idled, `deployed` again once running.
public final class IdleMonitor: Sendable {
    private let policy: IdlePolicy
    private let store: any Store
    private let reconciler: Reconciler
    private let log: @Sendable (String) -> Void
    private let lastRequest = Mutex<[String: Date]>([:])
    /// Deployments this monitor idled, until the store says `deployed` for them again.
    private let idledKeys = Mutex<Set<String>>([])
    private let waking = Mutex<Set<String>>([])
    private let stopping = Atomic<Bool>(false)

    public init(policy: IdlePolicy, store: any Store, reconciler: Reconciler, log: @escaping @Sendable (String) -> Void) {
        self.policy = policy
        self.store = store
        self.reconciler = reconciler
        self.log = log
    }

    /// A request reached the deployment ("app/dep").
    public func touch(_ key: String, at time: Date = Date()) {
        lastRequest.withLock { table in
            if let last = table[key], last >= time { return }
            table[key] = time
        }
    }

    /// Starts the checking thread (nothing happens with idling disabled). Deployments restored
    /// as idle from the store are tracked so that their state follows a wake.
    public func start() {
        let restored = ((try? store.allDeployments()) ?? []).filter { $0.state == .idle }.map(\.qualifiedName)
        idledKeys.withLock { $0.formUnion(restored) }
        guard policy.isEnabled else { return }
        JoinableThread.detach { [self] in
            while !stopping.load(ordering: .acquiring) {
                Thread.sleep(forTimeInterval: policy.checkInterval)
                check(now: Date())
            }
        }
    }

    public func stop() { stopping.store(true, ordering: .releasing) }

    /// One round: idle what has been quiet long enough; mark woken (or redeployed) ones deployed.
    public func check(now: Date) {
        for (target, since) in reconciler.activeDeployments() {
            let last = max(since, lastRequest.withLock { $0[target.key] } ?? .distantPast)
            guard policy.shouldIdle(target, lastActivity: last, now: now), reconciler.idle(target) else { continue }
            idledKeys.withLock { _ = $0.insert(target.key) }
            setState(target.key, .idle)
            log("\(target.key): idled after \(Int(now.timeIntervalSince(last))) s without requests")
        }
        for key in idledKeys.withLock({ $0 }) where !reconciler.isIdle(key) {
            idledKeys.withLock { _ = $0.remove(key) }
            setState(key, .deployed, onlyIf: .idle)
        }
    }

    /// The router holds a request for an idled deployment: start it (once, on its own thread)
    /// and answer at once; the router proxies when the route table gives it backends.
    /// False when the deployment is not idle.
    @discardableResult
    public func wake(_ key: String) -> Bool {
        guard reconciler.isIdle(key) else { return false }
        guard waking.withLock({ $0.insert(key).inserted }) else { return true }
        touch(key)
        JoinableThread.detach { [self] in
            defer { waking.withLock { _ = $0.remove(key) } }
            let started = Date()
            do throws(ExoError) {
                guard try reconciler.wake(key: key) else { return }
                touch(key)
                idledKeys.withLock { _ = $0.remove(key) }
                setState(key, .deployed, onlyIf: .idle)
                log("\(key): woken in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
            } catch {
                log("\(key): waking failed: \(error.message)")
            }
        }
        return true
    }

    private func setState(_ key: String, _ state: DeploymentState, onlyIf expected: DeploymentState? = nil) {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let app = try? AppName(String(parts[0])), let name = try? DeploymentName(String(parts[1])) else { return }
        do {
            guard var record = try store.deployment(app: app, name: name), record.state != state else { return }
            if let expected, record.state != expected { return }
            record.state = state
            _ = try store.updateDeployment(record)
        } catch {
            log("\(key): cannot record state \(state.rawValue): \(error.message)")
        }
    }
}
