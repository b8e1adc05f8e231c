import ExoHTTP

/// Tunables of `HTTPServer`, with defaults for exod's API.
public struct HTTPServerOptions: Sendable, Equatable {
    public var limits: HTTPParserLimits
    /// Longest a connection may sit in one blocking read or write inside an exchange.
    public var timeout: Double
    /// Longest wait for the next request on a kept-alive connection (each one holds a thread).
    public var idleTimeout: Double
    /// Longest time from the start of waiting for a request head to having all of it; then 408.
    public var headTimeout: Double
    /// Connections beyond this are answered 503 and closed, so a flood cannot exhaust descriptors.
    public var maxConnections: Int

    public init(limits: HTTPParserLimits = HTTPParserLimits(), timeout: Double = 300, idleTimeout: Double = 75,
                headTimeout: Double = 30, maxConnections: Int = 1024) {
        self.headTimeout = headTimeout
        self.limits = limits
        self.timeout = timeout
        self.idleTimeout = idleTimeout
        self.maxConnections = maxConnections
    }
}
