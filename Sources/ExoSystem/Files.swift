import Glibc

/// File operations exod needs, all throwing `SystemError` with the path involved.
public enum Files {
    /// Writes `bytes` so readers see either the old or the new content: temp file in the same
    /// directory, fsync, rename over `path`, fsync the directory.
    public static func atomicWrite(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws {
        let directory = parentDirectory(of: path)
        let temp = "\(directory)/.\(baseName(of: path)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = try retryingEINTR("open", path: temp) { open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode) }
        do {
            defer { close(fd) }
            try retryingEINTR("fchmod", path: temp) { fchmod(fd, mode) }  // umask must not weaken or widen it
            try writeAll(fd, bytes, path: temp)
            try retryingEINTR("fsync", path: temp) { fsync(fd) }
        } catch {
            unlink(temp)
            throw error
        }
        do {
            try retryingEINTR("rename", path: path) { rename(temp, path) }
        } catch {
            unlink(temp)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Convenience for text.
    public static func atomicWrite(_ text: String, to path: String, mode: mode_t = 0o644) throws {
        try atomicWrite(Array(text.utf8), to: path, mode: mode)
    }

    /// Reads a whole file.
    public static func read(_ path: String) throws -> [UInt8] {
        let fd = try retryingEINTR("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try buffer.withUnsafeMutableBytes { raw in
                try retryingEINTR("read", path: path) { Glibc.read(fd, raw.baseAddress, raw.count) }
            }
            if count == 0 { return all }
            all += buffer[0..<count]
        }
    }

    /// Reads a whole file as UTF-8 text.
    public static func readText(_ path: String) throws -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// True when something (even a dangling symlink) exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// True when `path` is a directory (following symlinks).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p`; directories this call creates get exactly `mode` (not filtered by umask).
    public static func makeDirectory(_ path: String, mode: mode_t = 0o755) throws {
        if isDirectory(path) { return }
        let parent = parentDirectory(of: path)
        if parent != path { try makeDirectory(parent, mode: mode) }
        if mkdir(path, mode) != 0 {
            let code = errno
            if code == EEXIST && isDirectory(path) { return }
            throw SystemError("mkdir", path: path, errno: code)
        }
        try setMode(path, mode)
    }

    public static func setMode(_ path: String, _ mode: mode_t) throws {
        try retryingEINTR("chmod", path: path) { chmod(path, mode) }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                offset += try retryingEINTR("write", path: path) {
                    write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                }
            }
        }
    }

    static func syncDirectory(_ directory: String) throws {
        let fd = try retryingEINTR("open", path: directory) { open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try retryingEINTR("fsync", path: directory) { fsync(fd) }
    }

    /// The directory part of a path ("." for a bare name, "/" for "/x").
    public static func parentDirectory(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        if slash == trimmed.startIndex { return "/" }
        return String(trimmed[..<slash])
    }

    /// The last path component.
    public static func baseName(of path: String) -> String {
        var trimmed = path
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed.removeLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }
}
