/// An optional PID 1 for containers. The kernel drops SIGTERM, SIGINT and SIGHUP sent to a pid
/// namespace's init unless it installed a handler, so an app running as PID 1 (Python's
/// http.server, a Flask dev server) ignores a polite stop. With `ContainerSpec.forwardSignals`
/// the container starts this fixed /bin/sh script, which traps those signals, passes them on to
/// the app (its child), reaps orphans while waiting, and exits with the app's status.
/// The app's argv is passed as "$@", never spliced into the script. INT and QUIT are not
/// forwarded: a non-interactive shell starts background commands with them ignored.
enum SignalForwarder {
    static func wrap(_ args: [String], keepPWD: Bool) -> [String] {
        ["/bin/sh", "-c", script(keepPWD: keepPWD), "exo-init"] + args
    }

    static func script(keepPWD: Bool) -> String {
        var lines = ["child=''"]
        for signal in ["TERM", "HUP", "USR1", "USR2"] {
            lines.append("trap '[ -n \"$child\" ] && kill -\(signal) \"$child\" 2>/dev/null' \(signal)")
        }
        // dash exports PWD; the app's environment must stay exactly the spec's.
        if !keepPWD { lines.append("unset PWD") }
        lines += [
            "\"$@\" &",
            "child=$!",
            // wait returns early (>128) when a trapped signal arrives; keep waiting until the app is gone.
            "while :; do wait \"$child\"; status=$?; kill -0 \"$child\" 2>/dev/null || break; done",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n")
    }
}
