/// Where and how to forward, as read from the file `RSYSLOG_REMOTE` names (rsyslog syntax).
public struct SyslogConfig: Sendable, Equatable {
    /// One forwarding action (`*.* @@host:port` or `action(type="omfwd" …)`).
    public struct Action: Sendable, Equatable {
        public var target: SyslogTarget
        public var selector: SyslogSelector
        /// The template named after `;` (or `template=`); exo always sends RFC 5424, so it is not applied.
        public var template: String?
        /// The action asks for TLS (stream driver gtls/ossl, or driver mode 1).
        public var tlsRequested: Bool
        /// The 1-based line the action starts on, for messages.
        public var line: Int
    }

    public var actions: [Action]
    /// Lines that were accepted but have no effect in exo (unknown `$` directives), for the deploy log.
    public var ignored: [String]
}

/// A remote syslog receiver: host name or IP literal, port, transport.
public struct SyslogTarget: Sendable, Hashable, CustomStringConvertible {
    public enum Transport: String, Sendable { case tcp = "TCP", udp = "UDP" }

    public var host: String
    public var port: Int
    public var transport: Transport

    public init(host: String, port: Int, transport: Transport) {
        self.host = host
        self.port = port
        self.transport = transport
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// An rsyslog selector (`*.*`, `user.err`, `*.=info;user.none`) evaluated for what exo sends:
/// facility `user` with a severity from 0 (emerg) to 7 (debug).
public struct SyslogSelector: Sendable, Equatable {
    struct Part: Sendable, Equatable {
        enum Comparison: Sendable, Equatable { case atLeast, exactly, none }
        var coversUser: Bool
        var comparison: Comparison
        var severity: Int  // 7 for "*"
        var negated: Bool
    }

    var parts: [Part]

    public static let all = SyslogSelector(parts: [Part(coversUser: true, comparison: .atLeast, severity: 7, negated: false)])

    /// Later parts refine earlier ones, as in rsyslog: `*.*;user.none` ends up matching nothing.
    public func matches(severity: Int) -> Bool {
        var matched = false
        for part in parts where part.coversUser {
            let hit: Bool
            switch part.comparison {
            case .none: matched = false; continue
            case .atLeast: hit = severity <= part.severity
            case .exactly: hit = severity == part.severity
            }
            if part.negated {
                if hit { matched = false }
            } else if hit {
                matched = true
            }
        }
        return matched
    }

    /// True when the selector lets at least one of the severities exo sends through.
    public var matchesAnything: Bool { (0...7).contains { matches(severity: $0) } }
}

/// A file that cannot be used; `message` names the line and what is wrong.
public struct SyslogConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
