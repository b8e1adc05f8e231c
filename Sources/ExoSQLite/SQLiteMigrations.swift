/// One schema change. Versions are applied in ascending order, each exactly once.
public struct SQLiteMigration: Sendable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

extension SQLiteDatabase {
    /// Applies the migrations not yet recorded in `schema_migrations`, each in its own
    /// transaction together with its record, so a crash never leaves one half-applied.
    /// Returns the versions applied now. Refuses a database migrated by newer code.
    @discardableResult
    public func migrate(_ migrations: [SQLiteMigration]) throws -> [Int] {
        let versions = migrations.map(\.version)
        guard versions == versions.sorted(), Set(versions).count == versions.count, versions.allSatisfy({ $0 > 0 }) else {
            throw SQLiteError(code: 21 /* SQLITE_MISUSE */, message: "migration versions must be positive and strictly increasing")
        }
        try execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now'))
            )
            """)
        var applied: [Int] = []
        for migration in migrations {
            let didApply = try transaction { connection -> Bool in
                let current = try connection.queryOne("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
                if current >= migration.version { return false }
                try connection.execute(migration.sql)
                try connection.run("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name])
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        let newest = try queryOne("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
        if let known = versions.last, newest > known {
            throw SQLiteError(code: 21, message: "database schema version \(newest) is newer than this program knows (\(known))")
        }
        return applied
    }

    /// The highest applied migration version (0 for a fresh database).
    public func schemaVersion() throws -> Int {
        let table = try queryOne("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
        guard table != nil else { return 0 }
        return try queryOne("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations")?.int("v") ?? 0
    }
}
