extension OCIConfig {
    /// The config.json for `spec`: pid/mount/ipc/uts namespaces (host network), the host's /usr
    /// and /etc read-only, private /tmp and /dev, no capabilities, no new privileges, memory
    /// (= memory+swap) and pids limits in cgroup `/<cgroupParent>/<id>`, a deny-list seccomp
    /// profile, then the caller's mounts.
    public static func make(for spec: ContainerSpec, cgroupParent: String) -> OCIConfig {
        let fileLimit = RLimit(type: "RLIMIT_NOFILE", hard: 4096, soft: 4096)
        let process = Process(
            user: User(uid: spec.uid, gid: spec.gid),
            args: spec.forwardSignals ? SignalForwarder.wrap(spec.args, keepPWD: spec.env["PWD"] != nil) : spec.args,
            env: spec.env.map { "\($0.key)=\($0.value)" }.sorted(), cwd: spec.cwd,
            capabilities: Capabilities(), rlimits: [fileLimit])
        let limit = Int64(spec.memoryLimitBytes)
        let linux = Linux(
            namespaces: ["pid", "mount", "ipc", "uts"].map { Namespace(type: $0) },
            resources: Resources(devices: [DeviceRule(allow: false, access: "rwm")],
                                 memory: Memory(limit: limit, swap: limit), pids: Pids(limit: Int64(spec.pidsLimit))),
            cgroupsPath: "/\(cgroupParent)/\(spec.id)",
            maskedPaths: maskedPaths, readonlyPaths: readonlyPaths, seccomp: .denyList)
        return OCIConfig(
            process: process, root: Root(path: "rootfs", readonly: spec.readOnlyStack), hostname: spec.id,
            mounts: stackMounts(tmpSizeBytes: spec.tmpSizeBytes) + spec.mounts, linux: linux)
    }

    /// Kernel interfaces, the host's userland and private scratch space. runc creates the
    /// standard device nodes (null, zero, random, tty, …) in /dev itself.
    static func stackMounts(tmpSizeBytes: Int) -> [Mount] {
        [
            Mount(destination: "/proc", source: "proc", type: "proc", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/dev", source: "tmpfs", type: "tmpfs", options: ["nosuid", "strictatime", "mode=755", "size=65536k"]),
            Mount(destination: "/dev/pts", source: "devpts", type: "devpts",
                  options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]),
            Mount(destination: "/dev/shm", source: "shm", type: "tmpfs", options: ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
            Mount(destination: "/dev/mqueue", source: "mqueue", type: "mqueue", options: ["nosuid", "noexec", "nodev"]),
            Mount(destination: "/sys", source: "sysfs", type: "sysfs", options: ["nosuid", "noexec", "nodev", "ro"]),
            Mount(destination: "/sys/fs/cgroup", source: "cgroup", type: "cgroup", options: ["nosuid", "noexec", "nodev", "relatime", "ro"]),
            Mount(destination: "/usr", source: "/usr", type: "bind", options: ["rbind", "ro", "nosuid", "nodev"]),
            Mount(destination: "/etc", source: "/etc", type: "bind", options: ["rbind", "ro", "nosuid", "nodev", "noexec"]),
            // runc ignores mode= here and uses the mount point's mode: Bundle chmods rootfs/tmp 1777.
            Mount(destination: "/tmp", source: "tmpfs", type: "tmpfs", options: ["nosuid", "nodev", "size=\(tmpSizeBytes / 1024)k"]),
        ]
    }

    static let maskedPaths = [
        "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware",
    ]
    static let readonlyPaths = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"]
}

extension OCIConfig.Seccomp {
    /// Allow by default, refuse (EPERM) what no app needs and what widens the kernel's attack
    /// surface: namespaces, mounts, module and kexec loading, keyrings, bpf, perf, ptrace, clocks.
    public static let denyList = OCIConfig.Seccomp(
        defaultAction: "SCMP_ACT_ALLOW", architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        syscalls: [OCIConfig.SyscallRule(
            names: ["acct", "add_key", "bpf", "clock_adjtime", "clock_settime", "delete_module", "finit_module",
                    "fsconfig", "fsmount", "fsopen", "fspick", "init_module", "iopl", "ioperm", "kexec_file_load",
                    "kexec_load", "keyctl", "lookup_dcookie", "mount", "move_mount", "name_to_handle_at",
                    "open_by_handle_at", "open_tree", "perf_event_open", "pivot_root", "process_vm_readv",
                    "process_vm_writev", "ptrace", "quotactl", "reboot", "request_key", "setns", "settimeofday",
                    "swapoff", "swapon", "syslog", "umount2", "unshare", "userfaultfd", "vhangup"],
            action: "SCMP_ACT_ERRNO", errnoRet: 1)])
}
