import ExoHTTP

/// Everything exo-router needs to run, read once at the edge (main.swift) and injected.
public struct RouterConfiguration: Sendable, Equatable {
    /// Where clients connect; port 0 picks a free port (tests).
    public var listen: HostPort
    /// exod's long-poll route endpoint; nil serves only the persisted table (or nothing).
    public var routesURL: String?
    /// Sent as `X-Exo-Internal-Token` to `routesURL`.
    public var internalToken: String?
    /// Last route table received, loaded at start so the router serves while exod is down.
    public var stateFile: String?
    /// Event loop threads, each with its own SO_REUSEPORT listener.
    public var threads: Int
    public var timeouts: RouterTimeouts
    /// Idle connections kept per backend and event loop. Below the number of requests a loop has
    /// in flight at once, every burst opens (and later closes) connections again: at 64 busy
    /// clients over 2 loops, 32 made 1.5 % of requests connect anew, at 100 clients 10 %.
    public var maxIdleBackendConnections: Int
    /// Client connections held at once (split evenly over the loops); past it a new client
    /// gets a 503 page and is closed.
    public var maxConnections: Int = 16384
    /// exod's `POST /internal/access-log`; nil keeps no access log (nothing is recorded).
    public var accessLogURL: String?
    /// exod's `POST /internal/wake`; nil answers requests for idle routes with a 503 at once.
    public var wakeURL: String?
    /// How long a request for an idle route is held while its deployment wakes (then a 503 page).
    public var wakeTimeout: Double = 60
    /// Longest request line or header line, in bytes (a 414 or 431 page past it).
    public var maxHeaderLineLength = 8192
    /// Largest request head (start line and fields), in bytes (a 431 page past it).
    public var maxHeaderBlockSize = 65536

    /// The request parser's limits from the settings above.
    var requestLimits: HTTPParserLimits {
        HTTPParserLimits(maxStartLineLength: maxHeaderLineLength, maxHeaderLineLength: maxHeaderLineLength,
                         maxHeaderBlockSize: maxHeaderBlockSize)
    }

    public init(listen: HostPort = HostPort(host: "127.0.0.1", port: 8080), routesURL: String? = nil,
                internalToken: String? = nil, stateFile: String? = nil, threads: Int = RouterConfiguration.coreCount,
                timeouts: RouterTimeouts = RouterTimeouts(), maxIdleBackendConnections: Int = 128) {
        self.listen = listen
        self.routesURL = routesURL
        self.internalToken = internalToken
        self.stateFile = stateFile
        self.threads = threads
        self.timeouts = timeouts
        self.maxIdleBackendConnections = maxIdleBackendConnections
    }

    /// Refuses values the router cannot run with, naming the setting.
    public func validate() throws(RouterError) {
        guard (1...65535).contains(listen.port) || listen.port == 0 else {
            throw RouterError("EXO_ROUTER_ADDR: port \(listen.port) out of range")
        }
        guard (1...256).contains(threads) else { throw RouterError("EXO_ROUTER_THREADS: must be 1...256, got \(threads)") }
        if let routesURL, !routesURL.hasPrefix("http://") {
            throw RouterError("EXO_ROUTER_ROUTES_URL: only http:// URLs are supported, got \(routesURL)")
        }
        if let accessLogURL, !accessLogURL.hasPrefix("http://") {
            throw RouterError("EXO_ROUTER_ACCESS_LOG_URL: only http:// URLs are supported, got \(accessLogURL)")
        }
        if let wakeURL, !wakeURL.hasPrefix("http://") {
            throw RouterError("EXO_ROUTER_WAKE_URL: only http:// URLs are supported, got \(wakeURL)")
        }
        guard wakeTimeout > 0, wakeTimeout <= 86400 else { throw RouterError("wake timeout must be in (0, 86400] seconds") }
        try timeouts.validate()
        guard maxIdleBackendConnections >= 0 else { throw RouterError("idle backend connection limit must be >= 0") }
        guard maxHeaderLineLength >= 256, maxHeaderLineLength <= 1 << 20 else {
            throw RouterError("EXO_ROUTER_MAX_HEADER_LINE: must be 256...1048576 bytes, got \(maxHeaderLineLength)")
        }
        guard maxHeaderBlockSize >= maxHeaderLineLength, maxHeaderBlockSize <= 1 << 24 else {
            throw RouterError("EXO_ROUTER_MAX_HEADER_BLOCK: must be at least the header line limit and at most 16 MiB, got \(maxHeaderBlockSize)")
        }
        guard maxConnections >= threads else { throw RouterError("EXO_ROUTER_MAX_CONNECTIONS: must be at least the thread count") }
    }

    /// Online processors, at least 1.
    public static var coreCount: Int { max(1, Int(sysconfCores())) }
}

/// Spec timeouts of the routing tier (seconds), plus the client-side limits.
public struct RouterTimeouts: Sendable, Equatable {
    public var connect: Double = 20
    /// Between two reads from a backend.
    public var read: Double = 55
    /// Between two writes to a backend.
    public var send: Double = 55
    /// Idle keep-alive client connection.
    public var clientIdle: Double = 60
    /// Whole request head must arrive within this (slow-loris).
    public var requestHead: Double = 30

    public init() {}

    func validate() throws(RouterError) {
        for (name, value) in [("connect", connect), ("read", read), ("send", send),
                              ("client idle", clientIdle), ("request head", requestHead)]
            where !(value > 0 && value <= 86400) {
            throw RouterError("\(name) timeout must be in (0, 86400] seconds, got \(value)")
        }
    }
}

/// A listen or backend address: IPv4 literal or host name, and port.
public struct HostPort: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public init(host: String, port: Int) { self.host = host; self.port = port }

    /// Parses "127.0.0.1:8080" (also "[::1]:8080").
    public init(parsing text: String) throws(RouterError) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65535).contains(port) else {
            throw RouterError("not an address with a port: \(text)")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw RouterError("missing host in address: \(text)") }
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// A router failure with a message fit for the operator.
public struct RouterError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
