/// A filesystem mount inside a container, in OCI terms.
public struct Mount: Sendable, Equatable, Codable {
    public var destination: String
    public var source: String
    /// "bind", "tmpfs", "proc", …
    public var type: String
    public var options: [String]

    public init(destination: String, source: String, type: String, options: [String]) {
        self.destination = destination
        self.source = source
        self.type = type
        self.options = options
    }

    /// A recursive bind mount of a host path, never setuid or device-capable.
    public static func bind(_ source: String, at destination: String, readOnly: Bool) -> Mount {
        Mount(destination: destination, source: source, type: "bind",
              options: ["rbind", readOnly ? "ro" : "rw", "nosuid", "nodev"])
    }

    /// A private tmpfs of `sizeBytes`.
    public static func tmpfs(at destination: String, sizeBytes: Int) -> Mount {
        Mount(destination: destination, source: "tmpfs", type: "tmpfs",
              options: ["nosuid", "nodev", "size=\(sizeBytes / 1024)k"])
    }
}

/// Everything needed to run one container. The runtime turns it into an OCI bundle.
public struct ContainerSpec: Sendable {
    /// Also the cgroup leaf and the hostname; [A-Za-z0-9_.-]+.
    public var id: String
    /// Created (if missing) by the runtime, which writes config.json and rootfs/ into it.
    public var bundleDir: String
    public var args: [String]
    /// The container's complete environment; nothing else is passed in.
    public var env: [String: String]
    public var cwd: String
    public var uid: UInt32
    public var gid: UInt32
    /// Memory limit, also used as memory+swap limit so the container cannot swap past it.
    public var memoryLimitBytes: Int
    public var pidsLimit: Int
    /// The caller's mounts (app dir rw at /srv/www, creds ro, …), added after the stack mounts.
    public var mounts: [Mount]
    /// true: the container's / is read-only. The host's /usr and /etc are read-only either way.
    public var readOnlyStack: Bool
    /// Size of the private /tmp tmpfs (counted against the memory limit while used).
    public var tmpSizeBytes: Int
    /// Run the app under a tiny /bin/sh init that forwards TERM/HUP/USR1/USR2, because
    /// as PID 1 the app would silently ignore them without its own handlers (see SignalForwarder).
    public var forwardSignals: Bool

    public init(id: String, bundleDir: String, args: [String], env: [String: String], cwd: String = "/",
                uid: UInt32, gid: UInt32, memoryLimitBytes: Int, pidsLimit: Int = 256, mounts: [Mount] = [],
                readOnlyStack: Bool = true, tmpSizeBytes: Int = 64 << 20, forwardSignals: Bool = false) {
        self.id = id
        self.bundleDir = bundleDir
        self.args = args
        self.env = env
        self.cwd = cwd
        self.uid = uid
        self.gid = gid
        self.memoryLimitBytes = memoryLimitBytes
        self.pidsLimit = pidsLimit
        self.mounts = mounts
        self.readOnlyStack = readOnlyStack
        self.tmpSizeBytes = tmpSizeBytes
        self.forwardSignals = forwardSignals
    }

    /// Container ids become paths and argv words; keep them boring.
    public static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 128 && !id.hasPrefix(".")
            && id.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A)
                || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E }
    }
}
