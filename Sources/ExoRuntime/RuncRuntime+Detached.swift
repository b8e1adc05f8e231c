import ExoSystem
import Glibc

extension RuncRuntime {
    /// `runc run --keep` in the foreground of a `ContainerShim` in its own session, with the
    /// container's output appended to files: nothing of the container depends on exod staying
    /// alive. This exod waits for the shim as its child; a later one polls (see `attach`).
    public func startDetached(_ spec: ContainerSpec, files: ContainerFiles,
                              output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        guard ContainerSpec.isValidID(spec.id) else { throw SystemError("container id \(spec.id)", errno: EINVAL) }
        try Files.makeDirectory(client.root, mode: 0o700)
        try Bundle.write(spec, config: OCIConfig.make(for: spec, cgroupParent: cgroupParent))
        try files.create()
        let stdout = try files.openForAppending(.stdout)
        defer { close(stdout) }
        let stderr = try files.openForAppending(.stderr)
        defer { close(stderr) }
        let command = client.argv(["run", "--keep", "--bundle", spec.bundleDir, spec.id])
        let shim = try ChildProcess.spawn(ContainerShim.argv(statusFile: files.exitStatus, command: command),
                                          environment: client.environment, stdin: .null,
                                          stdout: .fileDescriptor(stdout), stderr: .fileDescriptor(stderr), newSession: true)
        if let identity = ProcessIdentity.of(pid: shim.pid) { try? files.writeShim(identity) }
        let follower = OutputFollower(files: files, output: output)
        follower.start(resume: false)
        let id = spec.id
        return RunningContainer(id: id) {
            let shimStatus = shim.wait()
            // The shim records the container's status; without it (shim killed) report the shim's.
            return finish(id: id, status: files.recordedExit() ?? shimStatus, follower: follower)
        }
    }

    /// A container is adopted while runc knows it as running; its end is noticed by polling for
    /// the shim's status file (the shim is no child of this exod, so there is nothing to wait on).
    public func attach(id: String, files: ContainerFiles,
                       output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer? {
        guard ContainerSpec.isValidID(id), files.recordedExit() == nil,
              let state = try? client.state(id: id), state.status == "running" else { return nil }
        let shim = files.readShim()
        let follower = OutputFollower(files: files, output: output)
        follower.start(resume: true)
        return RunningContainer(id: id) {
            let status = waitForRecordedExit(id: id, files: files, shim: shim)
            return finish(id: id, status: status, follower: follower)
        }
    }

    /// The previous owner's follower stopped with exod; this one reads the rest before the
    /// container's state (and the OOM counter with its cgroup) is deleted.
    public func collectEnded(id: String, files: ContainerFiles,
                             output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer.Outcome? {
        guard ContainerSpec.isValidID(id) else { return nil }
        OutputFollower(files: files, output: output).drain()
        let status = files.recordedExit()
        let oomKills = cgroups.oomKillCount(for: cgroupPath(id: id)) ?? 0
        try? delete(id: id)
        return status.map { RunningContainer.Outcome(status: $0, oomKilled: oomKills > 0) }
    }

    private func waitForRecordedExit(id: String, files: ContainerFiles, shim: ProcessIdentity?) -> ExitStatus {
        var rounds = 0
        while true {
            if let status = files.recordedExit() { return status }
            // Without its shim nobody will record the status: ask runc (about once a second).
            if !(shim?.isAlive ?? false) && rounds % 10 == 0 {
                let state = try? client.state(id: id)
                if state?.status != "running" && state?.status != "created" {
                    return files.recordedExit() ?? .exited(255)
                }
            }
            rounds += 1
            usleep(100_000)
        }
    }

    private func finish(id: String, status: ExitStatus, follower: OutputFollower) -> RunningContainer.Outcome {
        follower.finish()
        let oomKills = cgroups.oomKillCount(for: cgroupPath(id: id)) ?? 0
        try? delete(id: id)
        return RunningContainer.Outcome(status: status, oomKilled: oomKills > 0)
    }
}
