import Glibc

/// Resolves argv[0] the way execvp would, but against an explicit PATH (the child's, not
/// exod's), so a spawn never depends on the daemon's own environment.
enum ExecutableLookup {
    static func resolve(_ name: String, path: String?) throws -> String {
        if name.isEmpty { throw SystemError("spawn", path: name, errno: ENOENT) }
        if name.contains("/") { return name }
        // No PATH means nothing to search: falling back to a default would reintroduce exod's view.
        guard let path, !path.isEmpty else { throw SystemError("spawn", path: name, errno: ENOENT) }
        var sawPermissionDenied = false
        for dir in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (dir.isEmpty ? "." : String(dir)) + "/" + name
            var info = stat()
            guard stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            if access(candidate, X_OK) == 0 { return candidate }
            sawPermissionDenied = true
        }
        throw SystemError("spawn", path: name, errno: sawPermissionDenied ? EACCES : ENOENT)
    }
}
