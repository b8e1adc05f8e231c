/// The on-disk layout under the data directory (docs/contracts.md). The only place that
/// knows where things live.
public struct Paths: Sendable, Equatable {
    public var dataDir: String

    public init(dataDir: String) {
        var dir = dataDir
        while dir.count > 1 && dir.hasSuffix("/") { dir.removeLast() }
        self.dataDir = dir
    }

    public var database: String { dataDir + "/exo.sqlite" }
    public var internalToken: String { dataDir + "/internal-token" }
    public var repos: String { dataDir + "/repos" }
    public func repo(app: String) -> String { repos + "/\(app).git" }
    public var images: String { dataDir + "/images" }
    public func image(app: String, dep: String, sha: String) -> String { images + "/\(app)/\(dep)/\(sha).tar.gz" }
    public var cache: String { dataDir + "/cache" }
    public func cache(app: String, dep: String) -> String { cache + "/\(app)/\(dep)" }
    public var builds: String { dataDir + "/builds" }
    public func build(id: String) -> String { builds + "/\(id)" }
    public var containers: String { dataDir + "/containers" }
    public func container(id: String) -> String { containers + "/\(id)" }
    public var runcRoot: String { dataDir + "/runc" }
    public var router: String { dataDir + "/router" }
    public var logs: String { dataDir + "/logs" }
    public var routerState: String { router + "/routes.json" }

    /// Directories exod creates at startup, with their modes.
    /// The data dir is root's alone: it holds config vars, password hashes and activation codes
    /// in the database, and every app's sources (only exod and runc, as root, read there).
    public var directories: [(path: String, mode: UInt32)] {
        [(dataDir, 0o700), (repos, 0o700), (images, 0o700), (cache, 0o700), (builds, 0o700),
         (containers, 0o711), (runcRoot, 0o700), (router, 0o700)]
    }

    /// Creates the layout's directories, or gives existing ones their modes (a data dir of an
    /// older exod was world-readable); idempotent.
    public func createDirectories() throws {
        for (path, mode) in directories {
            try Files.makeDirectory(path, mode: mode)
            try Files.setMode(path, mode)
        }
    }
}
