import ExoSystem
import Glibc
import Synchronization

/// A running exo-router: event loops on their threads, plus the route watcher.
public final class Router: Sendable {
    /// The port clients connect to (the real one when configured with port 0).
    public let port: Int
    /// The table in force; tests and embedders may also replace it directly.
    public let routes: RouteStore
    /// Backends out of rotation until their health check passes.
    public let health: BackendHealth
    /// Answered requests waiting for the shipper; nil without `accessLogURL`.
    public let accessLog: AccessLogBuffer?
    private let controls: [EventLoopControl]
    private let threads: [JoinableThread]
    private let watcher: RouteWatcher?
    private let prober: HealthProber
    private let shipper: AccessLogShipper?
    private let waker: WakeRequester?

    /// Binds every loop's listener (errors surface here), loads the persisted table, starts the
    /// loops and the watcher. `routeSource` overrides the one built from `routesURL`.
    public static func start(_ config: RouterConfiguration, routeSource: (any RouteSource)? = nil,
                             log: @escaping @Sendable (String) -> Void = Router.logToStderr) throws(RouterError) -> Router {
        try config.validate()
        let stateFile = config.stateFile.map { RouteStateFile(path: $0) }
        let store = RouteStore(stateFile?.load().map(RouteTable.init) ?? .empty)
        let health = BackendHealth()
        let accessLog = config.accessLogURL.map { _ in AccessLogBuffer() }
        let waker = config.wakeURL.map { WakeRequester(url: $0, token: config.internalToken, log: log) }
        var listeners: [Int32] = []
        var address = config.listen
        do {
            for _ in 0..<config.threads {
                let fd = try Socket.listen(address)
                listeners.append(fd)
                address.port = Socket.localPort(fd)   // the others share the port picked first
            }
        } catch {
            for fd in listeners { close(fd) }
            throw error
        }
        var controls: [EventLoopControl] = []
        var threads: [JoinableThread] = []
        for listener in listeners {
            let control = EventLoopControl()
            let loop: EventLoop
            do {
                loop = try EventLoop(listener: listener, listenPort: address.port, routes: store, health: health, config: config,
                                     control: control, accessLog: accessLog, waker: waker)
            } catch {
                for control in controls { control.stop() }
                throw error
            }
            let box = UncheckedLoop(loop)
            controls.append(control)
            threads.append(JoinableThread { box.take().run() })
        }
        let source = routeSource ?? config.routesURL.map { HTTPRouteSource(url: $0, token: config.internalToken) }
        let watcher = source.map { RouteWatcher(source: $0, store: store, stateFile: stateFile, log: log) }
        watcher?.start()
        let prober = HealthProber(health: health, routes: store)
        prober.start()
        var shipper: AccessLogShipper?
        if let accessLog, let url = config.accessLogURL {
            shipper = AccessLogShipper(buffer: accessLog, url: url, token: config.internalToken, log: log)
        }
        shipper?.start()
        waker?.start()
        return Router(port: address.port, routes: store, health: health, accessLog: accessLog, controls: controls,
                      threads: threads, watcher: watcher, prober: prober, shipper: shipper, waker: waker)
    }

    private init(port: Int, routes: RouteStore, health: BackendHealth, accessLog: AccessLogBuffer?,
                 controls: [EventLoopControl], threads: [JoinableThread], watcher: RouteWatcher?, prober: HealthProber,
                 shipper: AccessLogShipper?, waker: WakeRequester?) {
        self.port = port
        self.accessLog = accessLog
        self.shipper = shipper
        self.waker = waker
        self.routes = routes
        self.health = health
        self.prober = prober
        self.controls = controls
        self.threads = threads
        self.watcher = watcher
    }

    /// Stops accepting, closes every connection, and waits for the loops to end.
    public func stop() {
        watcher?.stop()
        prober.stop()
        waker?.stop()
        for control in controls { control.stop() }
        for thread in threads { thread.join() }
        for control in controls { close(control.wakeFd) }
        // After the loops: the last requests' entries go out with the final batch.
        shipper?.stop()
    }

    /// Blocks until the loops end (the executable's main thread parks here).
    public func wait() {
        for thread in threads { thread.join() }
    }

    public static let logToStderr: @Sendable (String) -> Void = { message in
        StandardError.writeLine("exo-router: \(message)")
    }
}

/// Hands a loop built on the starting thread to its own thread, which alone uses it from then on.
private final class UncheckedLoop: @unchecked Sendable {
    private var loop: EventLoop?
    init(_ loop: EventLoop) { self.loop = loop }
    func take() -> EventLoop {
        let value = loop!
        loop = nil
        return value
    }
}
