extension LogStore {
    /// Starts forwarding the error and worker logs of deployments that set `RSYSLOG_REMOTE`;
    /// `lookup` reads a deployment's file (nil when the variable is not set), and what the
    /// forwarder has to say about a file or a remote goes to that deployment's deploy log.
    @discardableResult
    public func forwardToSyslog(settings: SyslogForwarder.Settings = .init(),
                                lookup: @escaping @Sendable (String) throws -> SyslogSource?) -> SyslogForwarder {
        let forwarder = SyslogForwarder(hostname: hostname, settings: settings, lookup: lookup) { [weak self] key, level, message in
            guard let self else { return }
            append(key, .deploy, ["hostname": hostname, "level": level, "message": message])
        }
        observe { forwarder.observe($0, $1, $2) }
        observeRemoval { forwarder.forget($0) }
        return forwarder
    }
}
