import Glibc

extension Files {
    /// `rm -rf` that never follows symlinks and refuses to descend into another filesystem
    /// (a bind mount left in a bundle must not take the host's /usr with it). Missing is fine.
    public static func remove(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw SystemError("lstat", path: path)
        }
        try removeEntry(path, info: info, device: info.st_dev)
    }

    private static func removeEntry(_ path: String, info: stat, device: dev_t) throws {
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            if unlink(path) != 0 && errno != ENOENT { throw SystemError("unlink", path: path) }
            return
        }
        if info.st_dev != device { throw SystemError("remove (mount point)", path: path, errno: EXDEV) }
        // A read-only or 0-mode directory (copied from an image) would block unlinking inside it.
        if info.st_mode & 0o700 != 0o700 { chmod(path, info.st_mode | 0o700) }
        for name in try listDirectory(path) {
            let child = path + "/" + name
            var childInfo = stat()
            guard lstat(child, &childInfo) == 0 else { continue }
            try removeEntry(child, info: childInfo, device: device)
        }
        if rmdir(path) != 0 && errno != ENOENT { throw SystemError("rmdir", path: path) }
    }

    /// Names in a directory, without "." and "..", unsorted.
    public static func listDirectory(_ path: String) throws -> [String] {
        guard let dir = opendir(path) else { throw SystemError("opendir", path: path) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Copies a tree: directories and files keep their permission bits and modification times,
    /// symlinks are recreated as symlinks (never followed). `destination` must not exist yet
    /// unless both are directories (then the contents are merged in). Ownership is not copied.
    public static func copyTree(from source: String, to destination: String) throws {
        var info = stat()
        guard lstat(source, &info) == 0 else { throw SystemError("lstat", path: source) }
        switch info.st_mode & S_IFMT {
        case S_IFDIR:
            if mkdir(destination, 0o700) != 0 && !(errno == EEXIST && isDirectory(destination)) {
                throw SystemError("mkdir", path: destination)
            }
            for name in try listDirectory(source) {
                try copyTree(from: source + "/" + name, to: destination + "/" + name)
            }
            try retryingEINTR("chmod", path: destination) { chmod(destination, info.st_mode & 0o7777) }
            setTimes(destination, from: info)
        case S_IFLNK:
            let target = try readLink(source)
            if symlink(target, destination) != 0 { throw SystemError("symlink", path: destination) }
        case S_IFREG:
            try copyFile(source, to: destination, info: info)
        default:
            throw SystemError("copy (not a file, directory or symlink)", path: source, errno: EINVAL)
        }
    }

    /// `chown -hR`: changes owner and group of every entry, never following symlinks.
    public static func changeOwner(_ path: String, uid: UInt32, gid: UInt32, recursive: Bool = true) throws {
        if lchown(path, uid, gid) != 0 { throw SystemError("lchown", path: path) }
        guard recursive else { return }
        var info = stat()
        guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return }
        for name in try listDirectory(path) { try changeOwner(path + "/" + name, uid: uid, gid: gid) }
    }

    /// The target of a symlink.
    public static func readLink(_ path: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        if count < 0 { throw SystemError("readlink", path: path) }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func copyFile(_ source: String, to destination: String, info: stat) throws {
        let input = try retryingEINTR("open", path: source) { open(source, O_RDONLY | O_CLOEXEC) }
        defer { close(input) }
        let output = try retryingEINTR("open", path: destination) {
            open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        defer { close(output) }
        var buffer = [UInt8](repeating: 0, count: 1 << 17)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in
                try retryingEINTR("read", path: source) { Glibc.read(input, raw.baseAddress, raw.count) }
            }
            if count == 0 { break }
            try writeAll(output, Array(buffer[0..<count]), path: destination)
        }
        try retryingEINTR("fchmod", path: destination) { fchmod(output, info.st_mode & 0o7777) }
        var times = [info.st_atim, info.st_mtim]
        futimens(output, &times)
    }

    private static func setTimes(_ path: String, from info: stat) {
        var times = [info.st_atim, info.st_mtim]
        utimensat(AT_FDCWD, path, &times, 0)
    }
}
