import ExoCore
import ExoRuntime
import ExoSystem
import Foundation
import Synchronization

/// Runs one buildpack script (`bin/detect`, `bin/compile`, `bin/release`) in a fresh build
/// container and waits for it, killing it when it outlives the step time limit.
struct BuildStep {
    /// The host directories a build container sees, and where.
    struct Layout {
        var buildDir: String      // rw at /srv/www
        var cacheDir: String      // rw at /srv/cache
        var envDir: String        // ro at /srv/env
        var buildpackDir: String  // ro at /srv/buildpack
        var bundlesDir: String    // scratch for the runtime's bundles
    }

    static let buildMount = Launcher.appRoot
    static let cacheMount = "/srv/cache"
    static let envMount = "/srv/env"
    static let buildpackMount = "/srv/buildpack"

    struct Outcome {
        var status: ExitStatus
        var timedOut: Bool
        var oomKilled: Bool
        var stdout: [String]
    }

    let runtime: any ContainerRuntime
    let limits: BuildLimits
    let layout: Layout
    let buildID: String
    let containers: BuildContainers

    /// Runs `/srv/buildpack/bin/SCRIPT args`. Each line goes to `onLine` as it arrives; stdout
    /// lines are also kept for detect and release. `mergeStderr` sends stderr down stdout inside
    /// the container, so the pusher sees both in the order they were written.
    func run(_ script: String, arguments: [String], mergeStderr: Bool = false,
             onLine: @escaping @Sendable (OutputLine) -> Void) throws(ExoError) -> Outcome {
        let id = "\(buildID)-\(script)"
        let program = [Self.buildpackMount + "/bin/" + script] + arguments
        // A constant script: the argv after it arrives as "$0" "$@", never spliced into it.
        let args = mergeStderr ? ["/bin/sh", "-c", "exec \"$0\" \"$@\" 2>&1"] + program : program
        let spec = ContainerSpec(
            id: id,
            bundleDir: layout.bundlesDir + "/" + script,
            args: args,
            env: environment,
            cwd: Self.buildMount,
            uid: limits.uid, gid: limits.gid,
            memoryLimitBytes: limits.memoryBytes, pidsLimit: limits.pidsLimit,
            mounts: [
                .bind(layout.buildDir, at: Self.buildMount, readOnly: false),
                .bind(layout.cacheDir, at: Self.cacheMount, readOnly: false),
                .bind(layout.envDir, at: Self.envMount, readOnly: true),
                .bind(layout.buildpackDir, at: Self.buildpackMount, readOnly: true),
            ],
            readOnlyStack: true,
            tmpSizeBytes: limits.tmpBytes)
        let stdout = Mutex<[String]>([])
        guard containers.admit(id) else { throw .unavailable("The build was stopped: exod is shutting down.") }
        defer { containers.remove(id) }
        let container: RunningContainer
        do {
            container = try runtime.start(spec) { line in
                if line.stream == .stdout { stdout.withLock { $0.append(line.text) } }
                onLine(line)
            }
        } catch {
            try? runtime.delete(id: id)
            throw .internalError("The build container could not be started.", cause: "\(error)")
        }
        let (outcome, timedOut) = waitWithDeadline(container, id: id)
        try? runtime.delete(id: id)
        if outcome.status != .exited(0) && containers.isClosed {
            throw .unavailable("The build was stopped: exod is shutting down.")
        }
        return Outcome(status: outcome.status, timedOut: timedOut, oomKilled: outcome.oomKilled,
                       stdout: stdout.withLock { $0 })
    }

    private func waitWithDeadline(_ container: RunningContainer, id: String) -> (RunningContainer.Outcome, Bool) {
        let finished = DispatchSemaphore(value: 0)
        let timedOut = Atomic<Bool>(false)
        let runtime = self.runtime
        let deadline = DispatchTime.now() + limits.stepTimeoutSeconds
        let watchdog = JoinableThread {
            if finished.wait(timeout: deadline) == .timedOut {
                timedOut.store(true, ordering: .sequentiallyConsistent)
                try? runtime.kill(id: id, signal: SIGKILL)
            }
        }
        let outcome = container.waitForOutcome()
        finished.signal()
        watchdog.join()
        return (outcome, timedOut.load(ordering: .sequentiallyConsistent))
    }

    /// What every buildpack script sees; config vars come through ENV_DIR instead.
    private var environment: [String: String] {
        [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": Self.buildMount,
            "STACK": "exo-debian-12",
            "TMPDIR": "/tmp",
        ]
    }
}
