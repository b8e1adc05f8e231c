import ExoCore
import ExoSystem

/// The start script every image carries at `/srv/www/.exo/start`, so the runtime needs no
/// knowledge of buildpacks: `.exo/start web` sources `.profile.d/*.sh` (the venv's PATH and the
/// like) and execs the Procfile command through bash, which execs a simple command in turn, so
/// the app ends up as PID 1 and receives the runtime's signals. `.exo/start -- CMD ARGS…` runs
/// an argv in the same environment (one-off `run` containers).
///
/// Commands live in `.exo/processes/NAME`, one file per process type, so neither the script
/// nor the runtime ever splices a Procfile command into another string.
public enum Launcher {
    /// Where images are mounted in containers, at build and at run time.
    public static let appRoot = "/srv/www"
    static let relativePath = ".exo/start"

    /// The container argv that starts process type `name` (e.g. "web") of an image.
    public static func argv(process name: String) -> [String] { [appRoot + "/" + relativePath, name] }

    /// The container argv that runs `command` in the app's environment (one-off containers).
    public static func argv(running command: [String]) -> [String] { [appRoot + "/" + relativePath, "--"] + command }

    static let script = """
        #!/bin/sh
        # exo launcher, written into the image by the builder: `start PROCESS` or `start -- ARGV...`.
        cd /srv/www || exit 70
        export HOME="${HOME:-/srv}"
        for profile in /srv/www/.profile.d/*.sh; do
            if [ -r "$profile" ]; then . "$profile"; fi
        done
        if [ "$1" = "--" ]; then
            shift
            exec "$@"
        fi
        case "$1" in
            ''|*[!A-Za-z0-9_-]*) echo "usage: .exo/start PROCESS | .exo/start -- COMMAND [ARGS...]" >&2; exit 64 ;;
        esac
        if [ ! -f "/srv/www/.exo/processes/$1" ]; then
            echo "exo: the Procfile declares no process type '$1'" >&2
            exit 64
        fi
        command=$(cat "/srv/www/.exo/processes/$1")
        exec /bin/bash -c "$command"

        """

    /// Writes the launcher and one command file per process into the build dir.
    static func install(into buildDir: String, procfile: Procfile) throws {
        let exoDir = buildDir + "/.exo"
        // A pushed `.exo` could hide a different launcher; the builder's own always wins.
        try Files.remove(exoDir)
        try Files.makeDirectory(exoDir + "/processes", mode: 0o755)
        try Files.atomicWrite(script, to: exoDir + "/start", mode: 0o755)
        for process in procfile.processes {
            try Files.atomicWrite(process.command + "\n", to: exoDir + "/processes/" + process.name, mode: 0o644)
        }
    }
}
