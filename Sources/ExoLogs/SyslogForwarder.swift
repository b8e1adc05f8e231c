import Dispatch
import ExoSystem
import Foundation
import Synchronization

/// The file `RSYSLOG_REMOTE` names, as read from a deployment's deployed version.
public struct SyslogSource: Sendable, Equatable {
    /// The variable's value: the file's path in the app's repository.
    public var name: String
    /// Changes whenever the file may have (the deployed version).
    public var revision: String
    public var text: String?
    /// Why the file could not be read (missing, too large, unsafe path); `text` is then nil.
    public var problem: String?

    public init(name: String, revision: String, text: String?, problem: String? = nil) {
        self.name = name
        self.revision = revision
        self.text = text
        self.problem = problem
    }
}

/// Sends every error and worker log line of deployments that set `RSYSLOG_REMOTE` to their
/// remotes. `observe` runs on log capture's threads and never waits: it looks up the
/// deployment's cached route and hands the line to each remote's bounded queue. One resolver
/// thread asks `lookup` (store + deployed image) what a deployment's file says — when a
/// deployment is first seen and then at most every `revalidateAfter` seconds while it logs — and
/// only re-reads the file when its name or the deployed version changed. Problems and changes
/// are reported through `report(deployment, level, message)` (the deploy log); config values
/// never are.
public final class SyslogForwarder: Sendable {
    public struct Settings: Sendable {
        public var revalidateAfter = 3.0
        /// A deployment with a remote that stopped logging is re-checked this often anyway, so an
        /// undeployed or reconfigured one does not keep its sender thread and connection.
        public var idleRecheckAfter = 60.0
        /// Lines of a deployment seen for the first time wait here until its file is read.
        public var pendingLimit = 1_000
        var remote = SyslogRemote.Settings()
        public init() {}
    }

    let hostname: String
    let settings: Settings
    let lookup: @Sendable (String) throws -> SyslogSource?
    let report: @Sendable (_ deployment: String, _ level: String, _ message: String) -> Void
    let clock: @Sendable () -> Double
    let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)

    struct Binding: Sendable {
        var selector: SyslogSelector
        var remote: SyslogRemote
    }

    struct Route: Sendable {
        /// Name and revision of the source the bindings come from; nil before the first lookup.
        var key: String?
        var bindings: [Binding] = []
        var checkedAt = -Double.infinity
        var refreshing = true
        var resolved = false
        /// Lines arrived since the last check: the resolver re-checks once `revalidateAfter` has
        /// passed even if no further line comes (a config change is then seen within seconds).
        var seen = false
    }

    struct State: Sendable {
        var routes: [String: Route] = [:]
        var pending: [String: [SyslogMessage]] = [:]
        var pendingDropped: [String: Int] = [:]
        var refresh: [String] = []
        var stopped = false
    }

    public init(hostname: String, settings: Settings = .init(),
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                lookup: @escaping @Sendable (String) throws -> SyslogSource?,
                report: @escaping @Sendable (_ deployment: String, _ level: String, _ message: String) -> Void) {
        self.hostname = hostname
        self.settings = settings
        self.clock = clock
        self.lookup = lookup
        self.report = report
        JoinableThread.detach { [self] in runResolver() }
    }

    /// Takes one log entry; only error and worker entries are forwarded.
    public func observe(_ deployment: String, _ type: LogType, _ entry: LogEntry) {
        guard type == .error || type == .worker else { return }
        let now = clock()
        enum Decision { case ignore, send([Binding]), hold }
        var wakeResolver = false
        let decision = state.withLock { state -> Decision in
            guard !state.stopped else { return .ignore }
            guard var route = state.routes[deployment] else {
                state.routes[deployment] = Route()
                state.refresh.append(deployment)
                wakeResolver = true
                return .hold
            }
            if route.resolved && !route.refreshing && now - route.checkedAt >= settings.revalidateAfter {
                route.refreshing = true
                route.seen = false
                state.routes[deployment] = route
                state.refresh.append(deployment)
                wakeResolver = true
            } else if route.resolved && !route.seen {
                route.seen = true
                state.routes[deployment] = route
            }
            if !route.resolved { return .hold }
            return route.bindings.isEmpty ? .ignore : .send(route.bindings)
        }
        if wakeResolver { wake.signal() }
        switch decision {
        case .ignore: return
        case .send(let bindings):
            let message = Self.message(deployment, type, entry, hostname: hostname)
            for binding in bindings where binding.selector.matches(severity: message.severity) {
                binding.remote.enqueue(message)
            }
        case .hold:
            let message = Self.message(deployment, type, entry, hostname: hostname)
            let bindings = state.withLock { state -> [Binding]? in
                if state.routes[deployment]?.resolved == true { return state.routes[deployment]?.bindings }
                var held = state.pending[deployment] ?? []
                if held.count < settings.pendingLimit {
                    held.append(message)
                } else {
                    state.pendingDropped[deployment, default: 0] += 1
                }
                state.pending[deployment] = held
                return nil
            }
            for binding in bindings ?? [] where binding.selector.matches(severity: message.severity) {
                binding.remote.enqueue(message)
            }
        }
    }

    /// Drops a deployment's route and stops its senders without a word (undeploy: its logs are gone).
    public func forget(_ deployment: String) {
        let remotes = state.withLock { state -> [SyslogRemote] in
            state.pending[deployment] = nil
            state.pendingDropped[deployment] = nil
            return state.routes.removeValue(forKey: deployment)?.bindings.map(\.remote) ?? []
        }
        for remote in remotes { remote.stop() }
    }

    /// Stops the resolver and every sender (exod shutdown, tests).
    public func stop() {
        let remotes = state.withLock { state -> [SyslogRemote] in
            state.stopped = true
            return state.routes.values.flatMap { $0.bindings.map(\.remote) }
        }
        for remote in remotes { remote.stop() }
        wake.signal()
    }

    /// An entry as RFC 5424: APP-NAME "app/dep", MSGID the log type, structured data naming the
    /// log and the stream or worker; stdout and worker lines at info, stderr and the platform's
    /// own lines at err.
    static func message(_ deployment: String, _ type: LogType, _ entry: LogEntry, hostname: String) -> SyslogMessage {
        let text = entry.fields["message"] ?? ""
        if type == .worker {
            let worker = entry.fields["wrk_id"] ?? ""
            return SyslogMessage(severity: worker == "exo" ? 3 : 6, time: entry.time, hostname: hostname, appName: deployment,
                                 procID: worker, msgID: "worker", parameters: [("log", "worker"), ("wrk_id", worker)],
                                 message: text)
        }
        let stream = entry.fields["type"] ?? ""
        return SyslogMessage(severity: stream == "stdout" ? 6 : 3, time: entry.time, hostname: hostname, appName: deployment,
                             msgID: "error", parameters: [("log", "error"), ("type", stream)], message: text)
    }

    // MARK: resolver thread

    private func runResolver() {
        while true {
            _ = wake.wait(timeout: .now() + 1)
            let now = clock()
            let (stopped, todo) = state.withLock { state in
                defer { state.refresh.removeAll() }
                for (deployment, route) in state.routes where !route.refreshing
                    && (route.seen && now - route.checkedAt >= settings.revalidateAfter
                        || !route.bindings.isEmpty && now - route.checkedAt >= settings.idleRecheckAfter) {
                    state.routes[deployment]?.seen = false
                    state.routes[deployment]?.refreshing = true
                    state.refresh.append(deployment)
                }
                return (state.stopped, state.refresh)
            }
            if stopped { return }
            for deployment in todo { resolve(deployment) }
        }
    }
}
