import CShim
import ExoHTTP
import Glibc
import Synchronization

/// What another thread may touch of a loop: the stop flag and the eventfd that wakes it.
final class EventLoopControl: Sendable {
    let wakeFd: Int32
    private let stopping = Atomic<Bool>(false)

    init() { wakeFd = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }

    var isStopping: Bool { stopping.load(ordering: .acquiring) }

    func stop() {
        stopping.store(true, ordering: .releasing)
        var one: UInt64 = 1
        _ = write(wakeFd, &one, 8)
    }
}

/// One thread's epoll loop: its own listener, its client connections and its backend pool.
/// Confined to its thread; nothing here is shared.
final class EventLoop {
    let epoll: Epoll
    let routes: RouteStore
    let health: BackendHealth
    let config: RouterConfiguration
    let listenPort: Int
    let pool: BackendPool
    /// Where answered requests are recorded; nil keeps no access log.
    let accessLog: AccessLogBuffer?
    /// Asks exod to wake idle deployments; nil answers their requests with a 503 at once.
    let waker: WakeRequester?
    /// Connections holding a request for an idle route, re-checked against every new table.
    private var parked: Set<Int32> = []
    /// Read buffer shared by every connection of this loop (one read at a time).
    let scratch: UnsafeMutableRawBufferPointer
    private(set) var now: UInt64 = monotonicMillis()
    /// `listenPort` as sent in X-Forwarded-Port.
    let listenPortText: String
    /// Header size limits for client requests (from the configuration).
    let requestLimits: HTTPParserLimits
    private var routeCache = RouteTableCache()
    private let listener: Int32
    private let control: EventLoopControl
    private var connections = FdTable<ProxyConnection>()
    /// Backend descriptors in use, by the client connection whose exchange owns them.
    private var backendOwners = FdTable<ProxyConnection>()
    private var lastSweep: UInt64 = 0
    /// Held in reserve so that, out of descriptors, the loop can still accept and close a
    /// pending connection instead of spinning on a listener that stays readable.
    private var spareFd: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)

    init(listener: Int32, listenPort: Int, routes: RouteStore, health: BackendHealth, config: RouterConfiguration,
         control: EventLoopControl, accessLog: AccessLogBuffer? = nil, waker: WakeRequester? = nil) throws(RouterError) {
        epoll = try Epoll()
        self.listener = listener
        self.listenPort = listenPort
        listenPortText = String(listenPort)
        requestLimits = config.requestLimits
        self.routes = routes
        self.health = health
        self.config = config
        self.control = control
        self.accessLog = accessLog
        self.waker = waker
        pool = BackendPool(limit: config.maxIdleBackendConnections)
        scratch = .allocate(byteCount: 64 * 1024, alignment: 16)
        epoll.add(listener, token: Epoll.token(.listener, listener), events: Epoll.readable)
        epoll.add(control.wakeFd, token: Epoll.token(.wake, control.wakeFd), events: Epoll.readable)
    }

    deinit { scratch.deallocate() }

    /// Runs until the control says stop; then closes everything it owns.
    func run() {
        let capacity = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while !control.isStopping {
            // While requests are parked, look at the route table every 50 ms: a woken deployment's
            // backends arrive from the watcher thread, which does not signal the loops.
            let n = epoll_wait(epoll.fd, events, Int32(capacity), parked.isEmpty ? 500 : 50)
            now = monotonicMillis()
            if n > 0 {
                for i in 0..<Int(n) { dispatch(events[i]) }
            }
            if !parked.isEmpty { resumeParked() }
            if now &- lastSweep >= 250 { sweep() }
        }
        shutdown()
    }

    private func dispatch(_ event: epoll_event) {
        let (role, fd) = Epoll.decode(event.data.u64)
        switch role {
        case .listener: acceptAll()
        case .wake: return
        case .client: connections[fd]?.clientEvent(event.events)
        case .backend:
            if let owner = backendOwners[fd] {
                owner.backendEvent(event.events)
            } else if pool.contains(fd) {
                pool.evict(fd)
            }
        }
    }

    private func acceptAll() {
        for _ in 0..<64 {
            let fd: Int32, peer: String
            switch Socket.accept(listener) {
            case .accepted(let newFd, let newPeer): (fd, peer) = (newFd, newPeer)
            case .none: return
            case .outOfDescriptors: shedOneConnection(); return
            }
            guard connections.count < connectionLimit else { refuse(fd); continue }
            let connection = ProxyConnection(loop: self, clientFd: fd, peer: peer)
            connections[fd] = connection
            epoll.add(fd, token: Epoll.token(.client, fd), events: Epoll.readable)
            connection.started()
        }
    }

    private var connectionLimit: Int { max(1, config.maxConnections / config.threads) }

    /// Best effort: one non-blocking write of a small 503 page, then close.
    private func refuse(_ fd: Int32) {
        let page = ErrorPage.response(status: 503, closeAfter: true, headOnly: false)
        _ = page.withUnsafeBytes { Socket.write(fd, $0) }
        Glibc.close(fd)
    }

    private func shedOneConnection() {
        guard spareFd >= 0 else { return }
        Glibc.close(spareFd)
        if case .accepted(let fd, _) = Socket.accept(listener) { Glibc.close(fd) }
        spareFd = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    /// The route table for the next request (cached per loop until a new one is published).
    func currentRoutes() -> RouteTable { routeCache.table(from: routes) }

    /// Called by a connection once it has closed its descriptors.
    func forget(_ clientFd: Int32) {
        connections[clientFd] = nil
        parked.remove(clientFd)
    }

    /// A connection starts (true) or stops (false) holding a request for an idle route.
    func setParked(_ clientFd: Int32, _ isParked: Bool) {
        if isParked { parked.insert(clientFd) } else { parked.remove(clientFd) }
    }

    private func resumeParked() {
        let table = currentRoutes()
        for fd in Array(parked) { connections[fd]?.resumeIfWoken(table) }
    }

    /// Routes epoll events of `backendFd` to `owner` (nil: no longer owned).
    func setOwner(_ owner: ProxyConnection?, of backendFd: Int32) { backendOwners[backendFd] = owner }

    /// Enforces deadlines; coarse on purpose (250 ms) since the spec's timeouts are tens of seconds.
    private func sweep() {
        lastSweep = now
        for connection in connections.values where connection.deadline <= now { connection.timedOut() }
        pool.expire(now: now)
    }

    private func shutdown() {
        for connection in connections.values { connection.close() }
        pool.closeAll()
        if spareFd >= 0 { Glibc.close(spareFd) }
        Glibc.close(listener)
        Glibc.close(epoll.fd)
    }
}
