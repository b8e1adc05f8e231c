import ExoCore
import Foundation

/// Everything exod needs to know about where it runs, loaded once at the edge (environment)
/// and then injected. Every field has an embedded default so `exod` runs with no set-up.
public struct PlatformConfiguration: Sendable, Equatable {
    /// Root of all state: database, repositories, images, container bundles.
    public var dataDir: String
    /// Where the REST API (and git smart HTTP) listens.
    public var apiAddress: String
    /// Where exo-router listens.
    public var routerAddress: String
    /// Apps are served at APP.domain and DEP-APP.domain.
    public var domain: String
    /// The URL users and git see for the API; derived from apiAddress unless set.
    public var publicAPIURL: String
    /// OCI runtime binary (runc by default; crun where the host is cgroup v2 only).
    public var runtimeBinary: String
    /// Host ports handed to web containers, one per container.
    public var containerPorts: ClosedRange<Int>
    /// How long a new container may take to accept connections on $PORT.
    public var bootTimeout: Double
    /// When false, `POST /user/` creates inactive users that need `activate` with the code.
    public var openRegistration: Bool
    /// Whether exod starts and supervises exo-router itself.
    public var superviseRouter: Bool
    /// Seconds without a request before a one-container, 128 MB deployment is idled; 0 disables.
    public var idleAfter: Double = 3600
    /// Images kept per deployment beyond the ones in use or named by recent deploys (ImageRetention); 0 keeps all.
    public var imageRetention: Int = ImageRetention.defaultKeep
    /// The operator's `EXO_ROUTER_*` tunables (timeouts, limits, threads), handed on to the
    /// exo-router exod starts; exod's own settings for the router (address, URLs, files) win.
    public var routerEnvironment: [String: String] = [:]

    public init(dataDir: String = "./data", apiAddress: String = "127.0.0.1:8000",
                routerAddress: String = "127.0.0.1:8080", domain: String = "app.localhost",
                publicAPIURL: String? = nil, runtimeBinary: String = "/usr/sbin/runc",
                containerPorts: ClosedRange<Int> = 31000...32999, bootTimeout: Double = 60,
                openRegistration: Bool = true, superviseRouter: Bool = true) {
        self.dataDir = dataDir
        self.apiAddress = apiAddress
        self.routerAddress = routerAddress
        self.domain = domain
        self.publicAPIURL = publicAPIURL ?? "http://\(apiAddress)"
        self.runtimeBinary = runtimeBinary
        self.containerPorts = containerPorts
        self.bootTimeout = bootTimeout
        self.openRegistration = openRegistration
        self.superviseRouter = superviseRouter
    }

    /// exod's own settings; `EXO_ROUTER_*` ones are the router's (checked by it).
    static let settingNames: Set<String> = [
        "EXO_DATA_DIR", "EXO_API_ADDR", "EXO_DOMAIN", "EXO_PUBLIC_API_URL", "EXO_RUNTIME", "EXO_CONTAINER_PORTS",
        "EXO_BOOT_TIMEOUT", "EXO_OPEN_REGISTRATION", "EXO_IDLE_AFTER", "EXO_IMAGE_RETENTION", "EXO_SUPERVISE_ROUTER",
    ]
    /// What the CLIs, git hooks and benchmark scripts read: often set in the same shell.
    static let otherProgramsNames: Set<String> = [
        "EXO_API_URL", "EXO_EMAIL", "EXO_PASSWORD", "EXO_HOME", "EXO_API_ATTEMPTS", "EXO_APP",
        "EXO_INTERNAL_URL", "EXO_INTERNAL_TOKEN", "EXO_INTERNAL_TOKEN_FILE", "EXO_BIN_DIR", "EXO_BENCH_ROUTER_BIN",
    ]

    /// `EXO_*` names in `env` that nothing of exo reads: most likely misspelt settings (an
    /// `EXO_DATADIR` would otherwise leave the data in ./data without a word). exod logs them.
    public static func unknownNames(in env: [String: String]) -> [String] {
        env.keys.filter {
            $0.hasPrefix("EXO_") && !$0.hasPrefix("EXO_ROUTER_") && !settingNames.contains($0) && !otherProgramsNames.contains($0)
        }.sorted()
    }

    /// Reads the documented `EXO_*` variables; unset ones keep their defaults.
    public static func fromEnvironment(_ env: [String: String]) throws(ExoError) -> PlatformConfiguration {
        var config = PlatformConfiguration()
        if let value = env["EXO_DATA_DIR"] { config.dataDir = value }
        if let value = env["EXO_API_ADDR"] { config.apiAddress = value }
        if let value = env["EXO_ROUTER_ADDR"] { config.routerAddress = value }
        if let value = env["EXO_DOMAIN"] { config.domain = value.lowercased() }
        config.publicAPIURL = env["EXO_PUBLIC_API_URL"] ?? "http://\(config.apiAddress)"
        if let value = env["EXO_RUNTIME"] { config.runtimeBinary = value }
        if let value = env["EXO_CONTAINER_PORTS"] { config.containerPorts = try parsePortRange(value) }
        if let value = env["EXO_BOOT_TIMEOUT"] { config.bootTimeout = try parseSeconds(value, name: "EXO_BOOT_TIMEOUT") }
        if let value = env["EXO_OPEN_REGISTRATION"] { config.openRegistration = try parseBool(value, name: "EXO_OPEN_REGISTRATION") }
        if let value = env["EXO_IDLE_AFTER"] {
            guard let seconds = Double(value), seconds >= 0, seconds.isFinite else {
                throw .invalid("EXO_IDLE_AFTER", "EXO_IDLE_AFTER must be a number of seconds (0 disables idling), got '\(value)'")
            }
            config.idleAfter = seconds
        }
        if let value = env["EXO_IMAGE_RETENTION"] {
            guard let count = Int(value), count >= 0 else {
                throw .invalid("EXO_IMAGE_RETENTION", "EXO_IMAGE_RETENTION must be a number of images (0 keeps all), got '\(value)'")
            }
            config.imageRetention = count
        }
        if let value = env["EXO_SUPERVISE_ROUTER"] { config.superviseRouter = try parseBool(value, name: "EXO_SUPERVISE_ROUTER") }
        config.routerEnvironment = env.filter { $0.key.hasPrefix("EXO_ROUTER_") }
        try config.validate()
        return config
    }

    /// Rejects values that would only fail later, naming the variable.
    public func validate() throws(ExoError) {
        guard !dataDir.isEmpty else { throw .invalid("EXO_DATA_DIR", "EXO_DATA_DIR must not be empty") }
        try Self.checkHostPort(apiAddress, name: "EXO_API_ADDR")
        try Self.checkHostPort(routerAddress, name: "EXO_ROUTER_ADDR")
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        let isLabel = { (label: Substring) -> Bool in
            !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") }
        }
        guard !domain.isEmpty, labels.allSatisfy(isLabel) else {
            throw .invalid("EXO_DOMAIN", "EXO_DOMAIN must be a DNS name like app.localhost, got '\(domain)'")
        }
        guard publicAPIURL.hasPrefix("http://") || publicAPIURL.hasPrefix("https://") else {
            throw .invalid("EXO_PUBLIC_API_URL", "EXO_PUBLIC_API_URL must start with http:// or https://")
        }
        guard containerPorts.lowerBound >= 1024, containerPorts.upperBound <= 65535 else {
            throw .invalid("EXO_CONTAINER_PORTS", "EXO_CONTAINER_PORTS must lie within 1024-65535")
        }
    }

    /// The data-dir layout.
    public var absoluteDataDir: String {
        URL(fileURLWithPath: dataDir, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath + "/"))
            .standardizedFileURL.path
    }

    static func checkHostPort(_ text: String, name: String) throws(ExoError) {
        let failure = ExoError.invalid(name, "\(name) must be HOST:PORT (IPv6 as [ADDR]:PORT), got '\(text)'")
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (1...65535).contains(port) else { throw failure }
        let host = text[..<colon]
        // An IPv6 host needs brackets, otherwise its last group reads as the port.
        let bracketed = host.hasPrefix("[") && host.hasSuffix("]") && host.count > 2
        guard !host.isEmpty, bracketed || !host.contains(":"), !host.contains(where: \.isWhitespace) else { throw failure }
    }

    static func parsePortRange(_ text: String) throws(ExoError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let low = Int(parts[0]), let high = Int(parts[1]), low <= high else {
            throw .invalid("EXO_CONTAINER_PORTS", "EXO_CONTAINER_PORTS must be LOW-HIGH, got '\(text)'")
        }
        return low...high
    }

    static func parseSeconds(_ text: String, name: String) throws(ExoError) -> Double {
        guard let value = Double(text), value > 0, value.isFinite else {
            throw .invalid(name, "\(name) must be a positive number of seconds, got '\(text)'")
        }
        return value
    }

    static func parseBool(_ text: String, name: String) throws(ExoError) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw .invalid(name, "\(name) must be true or false, got '\(text)'")
        }
    }
}
