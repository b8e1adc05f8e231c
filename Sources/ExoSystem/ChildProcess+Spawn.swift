import CShim
import Glibc

extension ChildProcess {
    /// Starts `argv` with exactly `environment` (nothing is inherited from exod). argv[0] is
    /// used as is when it contains a slash, else looked up in `environment["PATH"]`. Every
    /// descriptor other than 0, 1, 2 is closed in the child, and all signal dispositions and
    /// the signal mask are reset, so exod's ignored SIGPIPE does not leak into children.
    public static func spawn(
        _ argv: [String], environment: [String: String], workingDirectory: String? = nil,
        stdin: Input = .null, stdout: Output = .pipe, stderr: Output = .pipe,
        newSession: Bool = false
    ) throws -> ChildProcess {
        _ = ignoreSIGPIPE
        guard let name = argv.first else { throw SystemError("spawn (empty argv)", errno: EINVAL) }
        let executable = try ExecutableLookup.resolve(name, path: environment["PATH"])
        if case .mergeWithStdout = stdout { throw SystemError("spawn (stdout cannot merge)", errno: EINVAL) }

        var plan = SpawnPlan()
        defer { plan.closeAll() }
        let childStdin = try plan.input(stdin)
        let childStdout = try plan.output(stdout, isStderr: false)
        let childStderr = try plan.output(stderr, isStderr: true)

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let workingDirectory { try check(cshim_spawn_addchdir(&actions, workingDirectory), "spawn chdir") }
        try plan.install(childStdin, as: 0, into: &actions)
        try plan.install(childStdout, as: 1, into: &actions)
        try plan.install(childStderr, as: 2, into: &actions)
        try check(cshim_spawn_addclosefrom(&actions, 3), "spawn closefrom")

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var allSignals = sigset_t(), noSignals = sigset_t()
        sigfillset(&allSignals)
        sigemptyset(&noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var flags = Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newSession { flags |= cshim_spawn_flag_setsid() }
        posix_spawnattr_setflags(&attributes, flags)

        let pid = try withCStrings(argv) { cArgv in
            try withCStrings(environment.map { "\($0.key)=\($0.value)" }.sorted()) { cEnv in
                var pid: pid_t = 0
                let result = posix_spawn(&pid, executable, &actions, &attributes, cArgv, cEnv)
                if result != 0 { throw SystemError("spawn", path: executable, errno: result) }
                return pid
            }
        }
        return ChildProcess(
            pid: pid, argv: argv,
            stdin: plan.takeParentEnd(childStdin), stdout: plan.takeParentEnd(childStdout),
            stderr: plan.takeParentEnd(childStderr), newSession: newSession)
    }

    /// A write to a pipe whose child has exited must fail with EPIPE, not kill exod.
    /// Children get default dispositions back (see spawn), so this stays exod's own choice.
    private static let ignoreSIGPIPE: Void = { _ = Glibc.signal(SIGPIPE, SIG_IGN) }()

    private static func check(_ result: Int32, _ operation: String) throws {
        if result != 0 { throw SystemError(operation, errno: result) }
    }
}

/// The descriptors one spawn needs. All are opened close-on-exec; the child gets its three via
/// dup2 (which clears the flag on the target). Whatever is still owned at the end is closed.
struct SpawnPlan {
    enum Slot { case devNull, fd(Int32), pipe(child: Int32, parent: Int32), sameAsStdout }
    private var owned: [Int32] = []

    mutating func input(_ input: ChildProcess.Input) throws -> Slot {
        switch input {
        case .null: return .devNull
        case .fileDescriptor(let fd): return .fd(fd)
        case .pipe:
            let (read, write) = try makePipe()
            return .pipe(child: read, parent: write)
        }
    }

    mutating func output(_ output: ChildProcess.Output, isStderr: Bool) throws -> Slot {
        switch output {
        case .null: return .devNull
        case .fileDescriptor(let fd): return .fd(fd)
        case .mergeWithStdout: return .sameAsStdout
        case .pipe:
            let (read, write) = try makePipe()
            return .pipe(child: write, parent: read)
        }
    }

    func install(_ slot: Slot, as target: Int32, into actions: inout posix_spawn_file_actions_t) throws {
        let result: Int32
        switch slot {
        case .devNull:
            result = posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
        case .fd(let fd): result = posix_spawn_file_actions_adddup2(&actions, fd, target)
        case .pipe(let child, _): result = posix_spawn_file_actions_adddup2(&actions, child, target)
        case .sameAsStdout: result = posix_spawn_file_actions_adddup2(&actions, 1, target)
        }
        if result != 0 { throw SystemError("spawn file action", errno: result) }
    }

    /// Hands the parent's end of a pipe to the caller (it will not be closed here).
    mutating func takeParentEnd(_ slot: Slot) -> Int32 {
        guard case .pipe(_, let parent) = slot else { return -1 }
        owned.removeAll { $0 == parent }
        return parent
    }

    mutating func closeAll() {
        for fd in owned { close(fd) }
        owned = []
    }

    private mutating func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        try retryingEINTR("pipe2") { cshim_pipe2(&fds, O_CLOEXEC) }
        owned += fds
        return (fds[0], fds[1])
    }
}

/// Passes strings as a NULL-terminated `char *[]`, freeing them afterwards.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) throws -> R) rethrows -> R {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return try body(pointers)
}
