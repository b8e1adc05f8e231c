import ExoCore
import ExoSQLite
import Foundation

extension SQLiteStore {
    public func aliases(deploymentID: Int64) throws(ExoError) -> [AliasRecord] {
        try read { db in
            try db.query("SELECT * FROM aliases WHERE deployment_id = ? ORDER BY name", [deploymentID]).map(Self.aliasRecord)
        }
    }

    public func alias(named name: AliasName) throws(ExoError) -> AliasRecord? {
        try read { db in
            try db.queryOne("SELECT * FROM aliases WHERE name = ?", [name.rawValue]).map(Self.aliasRecord)
        }
    }

    @discardableResult
    public func createAlias(deploymentID: Int64, name: AliasName, verificationCode: String) throws(ExoError) -> AliasRecord {
        try insert(into: "aliases", of: deploymentID, ["name": name.rawValue, "verification_code": verificationCode],
                   conflict: ("name", "This alias is already in use."),
                   check: { db in try Self.refuseOverlapWithOtherOwners(name, deploymentID: deploymentID, db) },
                   as: Self.aliasRecord)
    }

    /// Without DNS verification, a wildcard must not let one user take names below another
    /// user's aliases, nor a name let one user slip under another user's wildcard. Checked in the
    /// insert's transaction, so two racing adds cannot both pass.
    private static func refuseOverlapWithOtherOwners(_ name: AliasName, deploymentID: Int64, _ db: SQLiteConnection) throws {
        let above = name.wildcardsAbove
        var sql = """
            SELECT aliases.name FROM aliases
              JOIN deployments ON deployments.id = aliases.deployment_id
              JOIN apps ON apps.id = deployments.app_id
             WHERE apps.owner_id != (SELECT apps.owner_id FROM deployments JOIN apps ON apps.id = deployments.app_id
                                      WHERE deployments.id = ?)
               AND (aliases.name IN (\(Array(repeating: "?", count: above.count).joined(separator: ", ")))
            """
        var values: [any SQLiteBindable] = [deploymentID] + above
        if name.isWildcard {
            // Alias names hold only a-z, 0-9, '-', '.' and a leading '*': nothing LIKE treats specially.
            sql += " OR aliases.name LIKE ?"
            values.append("%." + name.domain)
        }
        sql += ")"
        let clashes = try db.query(sql, values).compactMap { try? AliasName(try $0.string("name")) }.filter(name.overlaps)
        guard clashes.isEmpty else {
            var conflict = ExoError.conflict(
                "This alias overlaps an alias of another user's app (a wildcard over it, or a name below it).")
            conflict.field = "name"
            throw conflict
        }
    }

    public func deleteAlias(deploymentID: Int64, name: AliasName) throws(ExoError) {
        try write { db in
            guard try db.run("DELETE FROM aliases WHERE deployment_id = ? AND name = ?", [deploymentID, name.rawValue]) == 1 else {
                throw ExoError.notFound("This alias is unknown.")
            }
        }
    }

    static func aliasRecord(_ row: SQLiteRow) throws -> AliasRecord {
        AliasRecord(deploymentID: try row.id("deployment_id"), name: try AliasName(try row.string("name")),
                    verificationCode: try row.string("verification_code"),
                    dateCreated: try row.date("date_created"), dateModified: try row.date("date_modified"))
    }
}
