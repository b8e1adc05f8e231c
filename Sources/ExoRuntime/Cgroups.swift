import ExoSystem
import Glibc

/// Where a container's cgroups live on this host, for OOM detection and for cleaning up what
/// runc leaves behind. Hybrid/v1 hosts have one hierarchy per controller (plus cgroup2 at
/// `unified`); v2 hosts have one tree.
public struct Cgroups: Sendable {
    public var mountPoint: String

    public init(mountPoint: String = "/sys/fs/cgroup") { self.mountPoint = mountPoint }

    /// True when the memory controller has its own v1 hierarchy.
    public var isV1: Bool { Files.isDirectory(mountPoint + "/memory") }

    /// Every directory that may exist for `path` ("/exo/ID"), one per hierarchy.
    public func directories(for path: String) -> [String] {
        guard isV1 else { return [mountPoint + path] }
        let hierarchies = (try? Files.listDirectory(mountPoint)) ?? []
        return hierarchies.sorted().compactMap { name in
            var info = stat()
            let dir = mountPoint + "/" + name
            // cpu and cpuacct are symlinks to the combined hierarchy: visit it once.
            guard lstat(dir, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
            return dir + path
        }
    }

    /// How many processes the OOM killer killed in the cgroup `path`; nil if it is gone.
    public func oomKillCount(for path: String) -> Int? {
        let file = isV1 ? mountPoint + "/memory" + path + "/memory.oom_control" : mountPoint + path + "/memory.events"
        guard let text = try? Files.readText(file) else { return nil }
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ")
            if fields.count == 2 && fields[0] == "oom_kill" { return Int(fields[1]) }
        }
        return nil
    }

    /// The processes in the cgroup `path` (v1: as the memory hierarchy has them); empty once it is gone.
    public func processes(in path: String) -> [Int32] {
        let file = (isV1 ? mountPoint + "/memory" + path : mountPoint + path) + "/cgroup.procs"
        guard let text = try? Files.readText(file) else { return [] }
        return text.split(separator: "\n").compactMap { Int32($0) }
    }

    /// Removes the directories of `path` in every hierarchy (cgroup dirs only go away by rmdir,
    /// innermost first). Missing ones are fine; one still holding processes throws EBUSY.
    public func remove(_ path: String) throws {
        for dir in directories(for: path) { try removeDirectory(dir) }
    }

    private func removeDirectory(_ dir: String) throws {
        guard Files.isDirectory(dir) else { return }
        for child in try Files.listDirectory(dir) where Files.isDirectory(dir + "/" + child) {
            try removeDirectory(dir + "/" + child)
        }
        if rmdir(dir) != 0 && errno != ENOENT { throw SystemError("rmdir", path: dir) }
    }
}
