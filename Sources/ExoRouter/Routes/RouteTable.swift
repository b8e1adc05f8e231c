import Foundation
import Synchronization

/// The route table as exod serves it on `/internal/routes` and as the state file stores it.
public struct RouteTableDocument: Codable, Sendable, Equatable {
    public struct Route: Codable, Sendable, Equatable {
        public var hosts: [String]
        public var deployment: String
        public var backends: [String]
        /// exod stopped the deployment's only container for lack of traffic: a request is held
        /// while exod is asked to wake it. Absent (older exod) means false.
        public var idle: Bool?
        public init(hosts: [String], deployment: String, backends: [String], idle: Bool? = nil) {
            self.hosts = hosts; self.deployment = deployment; self.backends = backends; self.idle = idle
        }
    }
    public var version: Int
    public var routes: [Route]
    public init(version: Int, routes: [Route]) { self.version = version; self.routes = routes }

    public static func decode(_ bytes: [UInt8]) throws(RouterError) -> RouteTableDocument {
        do { return try JSONDecoder().decode(RouteTableDocument.self, from: Data(bytes)) } catch {
            throw RouterError("malformed route table: \(error)")
        }
    }

    public func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding plain strings and ints cannot fail.
        return Array((try? encoder.encode(self)) ?? Data())
    }
}

/// One deployment's backends with its round-robin cursor, shared by all event loops.
public final class RouteTarget: Sendable {
    public let deployment: String
    public let backends: [HostPort]
    /// Idled by exod: requests wait for a wake instead of getting a 503.
    public let idle: Bool
    private let cursor = Atomic<Int>(0)

    init(deployment: String, backends: [HostPort], idle: Bool = false) {
        self.deployment = deployment
        self.backends = backends
        self.idle = idle
    }

    /// The next backend in rotation, skipping `excluded` and ejected ones while another is
    /// available (a lone or all-ejected deployment keeps being served); nil without backends.
    func next(excluding excluded: HostPort? = nil, health: BackendHealth? = nil) -> HostPort? {
        guard !backends.isEmpty else { return nil }
        let first = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
        var fallback: HostPort?
        for offset in 0..<backends.count {
            let candidate = backends[Int(UInt(bitPattern: first &+ offset) % UInt(backends.count))]
            if candidate == excluded, backends.count > 1 { continue }
            if let health, health.isEjected(candidate) {
                if fallback == nil { fallback = candidate }
                continue
            }
            return candidate
        }
        return fallback ?? (backends.count == 1 ? backends[0] : nil)
    }
}

/// An immutable lookup index over one table version; swapped whole on update.
public final class RouteTable: Sendable {
    public let version: Int
    private let exact: [String: RouteTarget]
    private let wildcard: [String: RouteTarget]
    /// Every backend of every route (the health prober forgets ejected ones that left the table).
    let allBackends: Set<HostPort>

    public static let empty = RouteTable(RouteTableDocument(version: 0, routes: []))

    public init(_ document: RouteTableDocument) {
        version = document.version
        var exact: [String: RouteTarget] = [:]
        var wildcard: [String: RouteTarget] = [:]
        for route in document.routes {
            // A backend that does not parse is dropped rather than failing the whole table.
            let backends = route.backends.compactMap { try? HostPort(parsing: $0) }
            let target = RouteTarget(deployment: route.deployment, backends: backends, idle: route.idle == true)
            for host in route.hosts {
                guard let name = HostName.normalize(host) else { continue }
                if name.hasPrefix("*.") { wildcard[String(name.dropFirst(2))] = target } else { exact[name] = target }
            }
        }
        self.exact = exact
        self.wildcard = wildcard
        allBackends = Set(exact.values.flatMap(\.backends) + wildcard.values.flatMap(\.backends))
    }

    /// The target for a normalized host name: exact first, then the nearest `*.suffix` alias.
    public func target(for host: String) -> RouteTarget? {
        if let target = exact[host] { return target }
        guard !wildcard.isEmpty else { return nil }
        var rest = Substring(host)
        while let dot = rest.firstIndex(of: ".") {
            rest = rest[rest.index(after: dot)...]
            if let target = wildcard[String(rest)] { return target }
        }
        return nil
    }
}
