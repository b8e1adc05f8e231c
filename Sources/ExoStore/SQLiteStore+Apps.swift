import ExoCore
import ExoSQLite
import Foundation

extension SQLiteStore {
    static let appColumns = "apps.*, users.username AS owner_name"
    static let appJoin = "apps JOIN users ON users.id = apps.owner_id"

    @discardableResult
    public func createApp(_ app: NewApp) throws(ExoError) -> AppRecord {
        let now = self.now
        return try write { db in
            guard try db.queryOne("SELECT 1 FROM users WHERE id = ?", [app.ownerID]) != nil else {
                throw ExoError.notFound("This username is unknown.")
            }
            try db.run("""
                INSERT INTO apps (name, type, buildpack_url, owner_id, repository_type, date_created, date_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [app.name.rawValue, app.type, app.buildpackURL, app.ownerID, app.repositoryType, now, now])
            return try Self.fetchApp(db, "apps.id = ?", db.lastInsertRowID)!
        }
    }

    public func app(named name: AppName) throws(ExoError) -> AppRecord? {
        try read { db in try Self.fetchApp(db, "apps.name = ?", name.rawValue) }
    }

    public func apps(ownedBy userID: Int64) throws(ExoError) -> [AppRecord] {
        try read { db in
            try db.query("SELECT \(Self.appColumns) FROM \(Self.appJoin) WHERE apps.owner_id = ? ORDER BY apps.name",
                         [userID]).map(Self.appRecord)
        }
    }

    public func allApps() throws(ExoError) -> [AppRecord] {
        try read { db in
            try db.query("SELECT \(Self.appColumns) FROM \(Self.appJoin) ORDER BY apps.name").map(Self.appRecord)
        }
    }

    public func updateApp(_ app: AppRecord) throws(ExoError) -> AppRecord {
        let now = self.now
        return try write { db in
            let changed = try db.run("""
                UPDATE apps SET type = ?, buildpack_url = ?, repository_type = ?, date_modified = ? WHERE id = ?
                """, [app.type, app.buildpackURL, app.repositoryType, now, app.id])
            guard changed == 1, let saved = try Self.fetchApp(db, "apps.id = ?", app.id) else {
                throw ExoError.notFound("The application does not exist.")
            }
            return saved
        }
    }

    public func deleteApp(named name: AppName) throws(ExoError) {
        try write { db in
            guard let row = try db.queryOne("SELECT id FROM apps WHERE name = ?", [name.rawValue]) else {
                throw ExoError.notFound("The application does not exist.")
            }
            let id = try row.id("id")
            if try db.queryOne("SELECT 1 FROM deployments WHERE app_id = ? LIMIT 1", [id]) != nil {
                throw ExoError.conflict("Delete the app's deployments before deleting the app.")
            }
            try db.run("DELETE FROM apps WHERE id = ?", [id])
        }
    }

    static func fetchApp(_ db: SQLiteConnection, _ condition: String, _ value: any SQLiteBindable) throws -> AppRecord? {
        try db.queryOne("SELECT \(appColumns) FROM \(appJoin) WHERE \(condition)", [value]).map(appRecord)
    }

    static func appRecord(_ row: SQLiteRow) throws -> AppRecord {
        AppRecord(
            id: try row.id("id"),
            name: try AppName(row.string("name")),
            type: try row.string("type"),
            buildpackURL: row.optionalString("buildpack_url"),
            ownerID: try row.id("owner_id"),
            owner: try UserName(row.string("owner_name")),
            repositoryType: try row.string("repository_type"),
            dateCreated: try row.date("date_created"),
            dateModified: try row.date("date_modified"))
    }
}
