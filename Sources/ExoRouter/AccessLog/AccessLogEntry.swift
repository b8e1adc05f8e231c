import Glibc

/// One answered request, as exo-router ships it to exod's `POST /internal/access-log`. Field
/// names are those of the access log (spec §2.4), so exod files them without translation.
public struct AccessLogEntry: Codable, Sendable, Equatable {
    /// Microseconds since the epoch when the request head arrived.
    public var time: Int64
    /// "app/dep", from the route that served the request.
    public var deployment: String
    public var remoteHost: String
    /// "GET /path HTTP/1.1".
    public var firstRequestLine: String
    public var status: Int
    /// Body bytes sent to the client, or "-" for none (Apache's `%b`).
    public var responseSizeCLF: String
    /// "-" when the request carried none.
    public var referer: String
    public var userAgent: String
    public var durationMs: Int

    public init(time: Int64, deployment: String, remoteHost: String, firstRequestLine: String, status: Int,
                responseSizeCLF: String, referer: String, userAgent: String, durationMs: Int) {
        self.time = time
        self.deployment = deployment
        self.remoteHost = remoteHost
        self.firstRequestLine = firstRequestLine
        self.status = status
        self.responseSizeCLF = responseSizeCLF
        self.referer = referer
        self.userAgent = userAgent
        self.durationMs = durationMs
    }

    enum CodingKeys: String, CodingKey {
        case time, deployment, status, referer
        case remoteHost = "remote_host"
        case firstRequestLine = "first_request_line"
        case responseSizeCLF = "response_size_CLF"
        case userAgent = "user_agent"
        case durationMs = "duration_ms"
    }
}

/// The body of one `POST /internal/access-log`: entries oldest first, and how many were dropped
/// since the previous batch because the buffer was full.
public struct AccessLogBatch: Codable, Sendable, Equatable {
    public var entries: [AccessLogEntry]
    public var dropped: Int
    public init(entries: [AccessLogEntry], dropped: Int) {
        self.entries = entries
        self.dropped = dropped
    }
}

/// Wall-clock microseconds since the epoch.
func wallClockMicros() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    return Int64(now.tv_sec) * 1_000_000 + Int64(now.tv_nsec) / 1000
}
