import ExoSystem
import FoundationEssentials
import Glibc

/// Writes an OCI bundle: an empty root filesystem made of mount points (the stack comes from
/// the host, read-only) plus config.json.
enum Bundle {
    static let rootDirectories = ["usr", "etc", "tmp", "srv", "proc", "dev", "sys", "run"]
    /// Debian is merged-/usr: these are symlinks on the host too.
    static let rootSymlinks = [("bin", "usr/bin"), ("lib", "usr/lib"), ("lib64", "usr/lib64"), ("sbin", "usr/sbin")]

    static func write(_ spec: ContainerSpec, config: OCIConfig) throws {
        let rootfs = spec.bundleDir + "/rootfs"
        try Files.makeDirectory(spec.bundleDir, mode: 0o711)
        try Files.makeDirectory(rootfs, mode: 0o755)
        for name in rootDirectories { try Files.makeDirectory(rootfs + "/" + name, mode: 0o755) }
        try Files.makeDirectory(rootfs + "/tmp", mode: 0o1777)
        if chmod(rootfs + "/tmp", 0o1777) != 0 { throw SystemError("chmod", path: rootfs + "/tmp") }
        for (name, target) in rootSymlinks where !Files.exists(rootfs + "/" + name) {
            if symlink(target, rootfs + "/" + name) != 0 { throw SystemError("symlink", path: rootfs + "/" + name) }
        }
        // With a read-only root, mount points must exist beforehand; a file bind needs a file.
        for mount in spec.mounts where !Files.exists(rootfs + mount.destination) {
            let target = rootfs + mount.destination
            if mount.type == "bind" && !Files.isDirectory(mount.source) {
                try Files.makeDirectory(Files.parentDirectory(of: target), mode: 0o755)
                try Files.atomicWrite([], to: target, mode: 0o644)
            } else {
                try Files.makeDirectory(target, mode: 0o755)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try Files.atomicWrite(Array(try encoder.encode(config)), to: spec.bundleDir + "/config.json", mode: 0o600)
    }
}
