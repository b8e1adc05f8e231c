/// Reads the subset of rsyslog configuration that says where to forward: legacy forwarding lines
/// (`SELECTOR @@host:port;Template` for TCP, `@host:port` for UDP), RainerScript
/// `action(type="omfwd" …)`, templates, and the TLS directives of the spec's example. Anything
/// else that would change what rsyslog forwards is an error naming the line, so a typo never
/// turns into silently lost logs.
public enum SyslogConfigParser {
    public static let defaultPort = 514

    public static func parse(_ text: String) throws(SyslogConfigError) -> SyslogConfig {
        var state = TLSState()
        var templates: Set<String> = []
        var actions: [SyslogConfig.Action] = []
        var ignored: [String] = []
        for statement in statements(of: text) {
            let line = statement.text
            let at = "line \(statement.line)"
            if line.hasPrefix("$") {
                let (name, value) = splitWord(line)
                if let note = try directive(name, value, state: &state, templates: &templates, at: at) { ignored.append(note) }
            } else if let call = functionCall(line) {
                switch call.name {
                case "action": actions.append(try omfwd(call.parameters, selector: .all, state: state, line: statement.line))
                case "template": if let name = call.parameters["name"] { templates.insert(name) }
                case "module", "global", "input": ignored.append("\(at): \(call.name)(…) has no effect in exo")
                default: throw SyslogConfigError("\(at): \(call.name)(…) is not supported; exo reads forwarding actions only.")
                }
            } else {
                let (selectorText, actionText) = splitWord(line)
                let isAction = actionText.hasPrefix("@") || functionCall(actionText)?.name == "action"
                let selector = isAction ? try parseSelector(selectorText, at: at) : .all
                if actionText.hasPrefix("@") {
                    actions.append(try legacyForward(actionText, selector: selector, state: state, line: statement.line))
                } else if let call = functionCall(actionText), call.name == "action" {
                    actions.append(try omfwd(call.parameters, selector: selector, state: state, line: statement.line))
                } else {
                    throw SyslogConfigError("\(at): \"\(excerpt(line))\" is not a forwarding action; "
                        + "write *.* @@HOST:PORT (TCP) or *.* @HOST:PORT (UDP).")
                }
            }
        }
        guard !actions.isEmpty else {
            throw SyslogConfigError("no forwarding action found; add a line such as *.* @@HOST:PORT (TCP).")
        }
        for action in actions {
            if let template = action.template, !templates.contains(template), !template.hasPrefix("RSYSLOG_") {
                throw SyslogConfigError("line \(action.line): the template \(template) is not defined.")
            }
        }
        return SyslogConfig(actions: actions, ignored: ignored)
    }

    /// TLS settings in effect for the actions that follow (legacy directives apply forward).
    struct TLSState {
        var defaultDriver: String?
        var actionDriver: String?
        var actionMode: String?

        func requested(driver: String?, mode: String?) -> Bool {
            let driver = (driver ?? actionDriver ?? defaultDriver)?.lowercased()
            return driver == "gtls" || driver == "ossl" || (mode ?? actionMode) == "1"
        }
    }

    /// Returns a note for directives that are accepted but do nothing in exo.
    static func directive(_ name: String, _ value: String, state: inout TLSState, templates: inout Set<String>,
                          at: String) throws(SyslogConfigError) -> String? {
        switch name.lowercased() {
        case "$template":
            let templateName = value.prefix { $0 != "," }.trimmedBlanks
            guard !templateName.isEmpty, value.contains(",") else {
                throw SyslogConfigError("\(at): write $template NAME, \"FORMAT\".")
            }
            templates.insert(templateName)
        case "$defaultnetstreamdriver": state.defaultDriver = value
        case "$actionsendstreamdriver": state.actionDriver = value
        case "$actionsendstreamdrivermode": state.actionMode = value
        case "$defaultnetstreamdrivercafile", "$defaultnetstreamdrivercertfile", "$defaultnetstreamdriverkeyfile",
             "$actionsendstreamdriverauthmode", "$actionsendstreamdriverpermittedpeer":
            break  // TLS details: only matter once TLS is supported
        default:
            let lower = name.lowercased()
            if lower.hasPrefix("$actionqueue") || lower.hasPrefix("$actionresume") || lower == "$workdirectory"
                || lower == "$modload" {
                return nil  // exo keeps its own bounded queue and retries
            }
            return "\(at): \(name) has no effect in exo"
        }
        return nil
    }

    // MARK: actions

    static func legacyForward(_ text: String, selector: SyslogSelector, state: TLSState,
                              line: Int) throws(SyslogConfigError) -> SyslogConfig.Action {
        let at = "line \(line)"
        var rest = Substring(text)
        let transport: SyslogTarget.Transport = rest.hasPrefix("@@") ? .tcp : .udp
        rest = rest.dropFirst(transport == .tcp ? 2 : 1)
        if rest.hasPrefix("(") {
            guard let close = rest.firstIndex(of: ")") else { throw SyslogConfigError("\(at): unclosed ( in \(excerpt(text))") }
            rest = rest[rest.index(after: close)...]
        }
        var template: String?
        if let semicolon = rest.firstIndex(of: ";") {
            template = String(rest[rest.index(after: semicolon)...]).trimmedBlanks
            rest = rest[..<semicolon]
        }
        let (host, port) = try hostAndPort(String(rest), at: at)
        return SyslogConfig.Action(target: SyslogTarget(host: host, port: port, transport: transport), selector: selector,
                                   template: template?.isEmpty == true ? nil : template,
                                   tlsRequested: state.requested(driver: nil, mode: nil), line: line)
    }

    static func omfwd(_ parameters: [String: String], selector: SyslogSelector, state: TLSState,
                      line: Int) throws(SyslogConfigError) -> SyslogConfig.Action {
        let at = "line \(line)"
        guard parameters["type"]?.lowercased() == "omfwd" else {
            throw SyslogConfigError("\(at): only action(type=\"omfwd\" …) is supported.")
        }
        guard let host = parameters["target"], !host.isEmpty else { throw SyslogConfigError("\(at): action(…) has no target.") }
        let port = try parsePort(parameters["port"] ?? String(defaultPort), at: at)
        try checkHost(host, at: at)
        let transport: SyslogTarget.Transport
        switch (parameters["protocol"] ?? "udp").lowercased() {
        case "tcp": transport = .tcp
        case "udp": transport = .udp
        case let other: throw SyslogConfigError("\(at): protocol \"\(other)\" is not supported; use tcp or udp.")
        }
        return SyslogConfig.Action(target: SyslogTarget(host: host, port: port, transport: transport), selector: selector,
                                   template: parameters["template"],
                                   tlsRequested: state.requested(driver: parameters["streamdriver"],
                                                                 mode: parameters["streamdrivermode"]),
                                   line: line)
    }

    static func hostAndPort(_ text: String, at: String) throws(SyslogConfigError) -> (String, Int) {
        let text = text.trimmedBlanks
        var host: String
        var portText: String?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw SyslogConfigError("\(at): unclosed [ in \"\(text)\".") }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { throw SyslogConfigError("\(at): expected :PORT after [\(host)].") }
                portText = String(rest.dropFirst())
            }
        } else {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else {
                throw SyslogConfigError("\(at): write IPv6 addresses in brackets, e.g. @@[::1]:514.")
            }
            host = String(parts[0])
            if parts.count == 2 { portText = String(parts[1]) }
        }
        try checkHost(host, at: at)
        let port = try portText.map { text throws(SyslogConfigError) in try parsePort(text, at: at) } ?? defaultPort
        return (host, port)
    }

    static func parsePort(_ text: String, at: String) throws(SyslogConfigError) -> Int {
        guard !text.isEmpty, text.count <= 5, text.allSatisfy(\.isASCIIDigit), let port = Int(text), (1...65535).contains(port) else {
            throw SyslogConfigError("\(at): the port \"\(excerpt(text))\" is not a number from 1 to 65535.")
        }
        return port
    }

    static func checkHost(_ host: String, at: String) throws(SyslogConfigError) {
        let allowed = host.unicodeScalars.allSatisfy {
            ($0.properties.isASCIIHexDigit) || ("g"..."z").contains($0) || ("G"..."Z").contains($0)
                || $0 == "." || $0 == "-" || $0 == "_" || $0 == ":" || $0 == "%"
        }
        guard !host.isEmpty, host.utf8.count <= 253, allowed, !host.hasPrefix("-") else {
            throw SyslogConfigError("\(at): \"\(excerpt(host))\" is not a host name or IP address.")
        }
    }

    // MARK: selectors

    static let severities: [String: Int] = ["emerg": 0, "panic": 0, "alert": 1, "crit": 2, "err": 3, "error": 3,
                                            "warning": 4, "warn": 4, "notice": 5, "info": 6, "debug": 7]

    static func parseSelector(_ text: String, at: String) throws(SyslogConfigError) -> SyslogSelector {
        var parts: [SyslogSelector.Part] = []
        for piece in text.split(separator: ";") {
            guard let dot = piece.lastIndex(of: ".") else {
                throw SyslogConfigError("\(at): \"\(excerpt(String(piece)))\" is not a selector such as *.* or user.err.")
            }
            let facilities = piece[..<dot].split(separator: ",").map { $0.lowercased() }
            var priority = Substring(piece[piece.index(after: dot)...]).lowercased()[...]
            let negated = priority.hasPrefix("!")
            if negated { priority = priority.dropFirst() }
            let exactly = priority.hasPrefix("=")
            if exactly { priority = priority.dropFirst() }
            let comparison: SyslogSelector.Part.Comparison
            let severity: Int
            if priority == "*" {
                (comparison, severity) = (.atLeast, 7)
            } else if priority == "none" {
                (comparison, severity) = (.none, 7)
            } else if let value = severities[String(priority)] {
                (comparison, severity) = (exactly ? .exactly : .atLeast, value)
            } else {
                throw SyslogConfigError("\(at): \"\(priority)\" is not a syslog priority (emerg … debug, * or none).")
            }
            parts.append(.init(coversUser: facilities.contains("*") || facilities.contains("user"),
                               comparison: comparison, severity: severity, negated: negated))
        }
        return SyslogSelector(parts: parts)
    }
}
