/// What a deployment's `RSYSLOG_REMOTE` file means for its route, and what the deploy log says about it.
extension SyslogForwarder {
    func resolve(_ deployment: String) {
        let now = clock()
        let old = state.withLock { $0.routes[deployment] } ?? Route()
        let source: SyslogSource?
        do {
            source = try lookup(deployment)
        } catch {
            // The store is busy or gone: keep what there is, try again later (never for a new route's lines).
            finish(deployment, Route(key: old.key, bindings: old.bindings, checkedAt: now, refreshing: false, resolved: true))
            return
        }
        let key = source.map { $0.name + "\n" + $0.revision } ?? ""
        if old.resolved, old.key == key {
            finish(deployment, Route(key: key, bindings: old.bindings, checkedAt: now, refreshing: false, resolved: true))
            return
        }
        var bindings = old.bindings
        defer { finish(deployment, Route(key: key, bindings: bindings, checkedAt: now, refreshing: false, resolved: true)) }
        guard let source else {
            if !bindings.isEmpty {
                report(deployment, "INFO", "Syslog forwarding stopped: RSYSLOG_REMOTE is no longer set.")
                bindings = replace(bindings, with: [], deployment: deployment)
            }
            return
        }
        let origin = "RSYSLOG_REMOTE: \(source.name) (version \(source.revision.prefix(12)))"
        let still = bindings.isEmpty ? "Log lines are not forwarded."
            : "Still forwarding to " + bindings.map { "\($0.remote.target)" }.joined(separator: ", ") + " as before."
        guard let text = source.text else {
            report(deployment, "ERROR", "\(origin): \(source.problem ?? "the file cannot be read"). \(still)")
            return
        }
        let config: SyslogConfig
        do {
            config = try SyslogConfigParser.parse(text)
        } catch {
            report(deployment, "ERROR", "\(origin): \(error.message) \(still)")
            return
        }
        var usable: [SyslogConfig.Action] = []
        for action in config.actions {
            if action.tlsRequested {
                report(deployment, "ERROR", "\(origin): line \(action.line) asks for TLS to \(action.target), which exo "
                    + "does not support yet; nothing is sent to \(action.target) (no fallback to plain text).")
            } else if !action.selector.matchesAnything {
                report(deployment, "WARNING", "\(origin): the selector of line \(action.line) matches nothing exo "
                    + "sends (facility user); nothing is sent to \(action.target).")
            } else {
                usable.append(action)
            }
        }
        bindings = replace(bindings, with: usable, deployment: deployment)
        for action in usable {
            var message = "Forwarding the error and worker logs to syslog remote \(action.target) "
                + (action.target.transport == .tcp ? "(TCP, RFC 5424, octet-counted framing)" : "(UDP, RFC 5424)")
            if let template = action.template {
                message += "; the template \(template) is not applied, exo always sends RFC 5424"
            }
            report(deployment, "INFO", "\(origin): " + message + ".")
        }
        for note in config.ignored { report(deployment, "WARNING", "\(origin): \(note).") }
    }

    /// New bindings for `actions`, keeping the queue and connection of remotes whose target stays.
    private func replace(_ old: [Binding], with actions: [SyslogConfig.Action], deployment: String) -> [Binding] {
        var reusable = old
        var result: [Binding] = []
        for action in actions {
            if let index = reusable.firstIndex(where: { $0.remote.target == action.target }) {
                result.append(Binding(selector: action.selector, remote: reusable.remove(at: index).remote))
            } else {
                let remote = SyslogRemote(target: action.target, settings: settings.remote) { [report] level, message in
                    report(deployment, level, message)
                }
                result.append(Binding(selector: action.selector, remote: remote))
            }
        }
        for binding in reusable { binding.remote.stop() }
        return result
    }

    /// Installs the route and sends the lines that waited for it.
    private func finish(_ deployment: String, _ route: Route) {
        let (held, dropped, stopped) = state.withLock { state in
            state.routes[deployment] = route
            return (state.pending.removeValue(forKey: deployment) ?? [], state.pendingDropped.removeValue(forKey: deployment) ?? 0,
                    state.stopped)
        }
        if stopped {
            for binding in route.bindings { binding.remote.stop() }
            return
        }
        for message in held {
            for binding in route.bindings where binding.selector.matches(severity: message.severity) {
                binding.remote.enqueue(message)
            }
        }
        if dropped > 0 && !route.bindings.isEmpty {
            report(deployment, "WARNING", "\(dropped) log lines were not forwarded to syslog: more than "
                + "\(settings.pendingLimit) arrived before the RSYSLOG_REMOTE file was read.")
        }
    }
}
