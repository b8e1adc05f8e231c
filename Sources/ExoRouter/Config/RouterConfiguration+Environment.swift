import Glibc

extension RouterConfiguration {
    /// Every `EXO_ROUTER_*` setting there is.
    static let knownSettings: Set<String> = [
        "EXO_ROUTER_ADDR", "EXO_ROUTER_ROUTES_URL", "EXO_ROUTER_ACCESS_LOG_URL", "EXO_ROUTER_WAKE_URL",
        "EXO_ROUTER_STATE_FILE", "EXO_ROUTER_THREADS", "EXO_ROUTER_MAX_CONNECTIONS", "EXO_ROUTER_BACKEND_KEEPALIVE",
        "EXO_ROUTER_MAX_HEADER_LINE", "EXO_ROUTER_MAX_HEADER_BLOCK", "EXO_ROUTER_HEAD_TIMEOUT",
        "EXO_ROUTER_CONNECT_TIMEOUT", "EXO_ROUTER_READ_TIMEOUT", "EXO_ROUTER_SEND_TIMEOUT", "EXO_ROUTER_WAKE_TIMEOUT",
    ]

    /// Reads `EXO_ROUTER_*` and `EXO_INTERNAL_TOKEN_FILE`; the token file is read here, once.
    /// A misspelt setting is an error, not a default silently kept.
    public static func load(environment: [String: String]) throws(RouterError) -> RouterConfiguration {
        if let unknown = environment.keys.filter({ $0.hasPrefix("EXO_ROUTER_") && !knownSettings.contains($0) }).sorted().first {
            throw RouterError("\(unknown): no such setting (see Sources/ExoRouter/README.md for the EXO_ROUTER_* settings)")
        }
        var config = RouterConfiguration()
        if let addr = environment["EXO_ROUTER_ADDR"], !addr.isEmpty {
            do { config.listen = try HostPort(parsing: addr) } catch { throw RouterError("EXO_ROUTER_ADDR: \(error)") }
        }
        config.routesURL = environment["EXO_ROUTER_ROUTES_URL"].flatMap { $0.isEmpty ? nil : $0 }
        config.accessLogURL = environment["EXO_ROUTER_ACCESS_LOG_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? config.routesURL.flatMap(accessLogURL(besideRoutesURL:))
        config.wakeURL = environment["EXO_ROUTER_WAKE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? config.routesURL.flatMap { internalURL(besideRoutesURL: $0, path: "/internal/wake") }
        config.stateFile = environment["EXO_ROUTER_STATE_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        if let path = environment["EXO_INTERNAL_TOKEN_FILE"], !path.isEmpty {
            guard let bytes = readSmallFile(path) else {
                throw RouterError("EXO_INTERNAL_TOKEN_FILE: cannot read \(path)")
            }
            let token = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
            guard !token.isEmpty else { throw RouterError("EXO_INTERNAL_TOKEN_FILE: \(path) is empty") }
            config.internalToken = token
        }
        if let text = environment["EXO_ROUTER_THREADS"], !text.isEmpty {
            guard let n = Int(text) else { throw RouterError("EXO_ROUTER_THREADS: not a number: \(text)") }
            config.threads = n
        }
        if let text = environment["EXO_ROUTER_MAX_CONNECTIONS"], !text.isEmpty {
            guard let n = Int(text) else { throw RouterError("EXO_ROUTER_MAX_CONNECTIONS: not a number: \(text)") }
            config.maxConnections = n
        }
        if let text = environment["EXO_ROUTER_BACKEND_KEEPALIVE"], !text.isEmpty {
            guard let n = Int(text), n >= 0 else { throw RouterError("EXO_ROUTER_BACKEND_KEEPALIVE: not a count: \(text)") }
            config.maxIdleBackendConnections = n
        }
        config.maxHeaderLineLength = try bytes(environment, "EXO_ROUTER_MAX_HEADER_LINE", config.maxHeaderLineLength)
        config.maxHeaderBlockSize = try bytes(environment, "EXO_ROUTER_MAX_HEADER_BLOCK", config.maxHeaderBlockSize)
        config.timeouts.requestHead = try seconds(environment, "EXO_ROUTER_HEAD_TIMEOUT", config.timeouts.requestHead)
        config.timeouts.connect = try seconds(environment, "EXO_ROUTER_CONNECT_TIMEOUT", config.timeouts.connect)
        config.timeouts.read = try seconds(environment, "EXO_ROUTER_READ_TIMEOUT", config.timeouts.read)
        config.timeouts.send = try seconds(environment, "EXO_ROUTER_SEND_TIMEOUT", config.timeouts.send)
        config.wakeTimeout = try seconds(environment, "EXO_ROUTER_WAKE_TIMEOUT", config.wakeTimeout)
        try config.validate()
        return config
    }

    /// exod serves both internal endpoints: same scheme and host as the routes URL.
    static func accessLogURL(besideRoutesURL url: String) -> String? {
        internalURL(besideRoutesURL: url, path: "/internal/access-log")
    }

    static func internalURL(besideRoutesURL url: String, path: String) -> String? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        guard !authority.isEmpty else { return nil }
        return "http://\(authority)\(path)"
    }

    private static func bytes(_ env: [String: String], _ name: String, _ fallback: Int) throws(RouterError) -> Int {
        guard let text = env[name], !text.isEmpty else { return fallback }
        guard let value = Int(text), value > 0 else { throw RouterError("\(name): not a positive number of bytes: \(text)") }
        return value
    }

    private static func seconds(_ env: [String: String], _ name: String, _ fallback: Double) throws(RouterError) -> Double {
        guard let text = env[name], !text.isEmpty else { return fallback }
        guard let value = Double(text), value > 0 else { throw RouterError("\(name): not a positive number of seconds: \(text)") }
        return value
    }
}

func sysconfCores() -> Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }

/// Reads a whole (small) file, nil when it cannot be opened or read.
func readSmallFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { if errno == EINTR { continue }; return nil }
        if n == 0 { return result }
        result.append(contentsOf: buffer[0..<n])
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s.removeFirst() }
        while let c = s.last, c.isWhitespace { s.removeLast() }
        return String(s)
    }
}
