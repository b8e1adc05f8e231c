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
        let now = self.now
        do {
            return try write { db in
                guard try db.queryOne("SELECT 1 FROM deployments WHERE id = ?", [deploymentID]) != nil else {
                    throw ExoError.notFound("The deployment does not exist.")
                }
                try db.run("""
                    INSERT INTO aliases (deployment_id, name, verification_code, date_created, date_modified) VALUES (?, ?, ?, ?, ?)
                    """, [deploymentID, name.rawValue, verificationCode, now, now])
                return try db.queryOne("SELECT * FROM aliases WHERE id = ?", [db.lastInsertRowID]).map(Self.aliasRecord)!
            }
        } catch where error.code == .conflict {
            var conflict = ExoError.conflict("This alias is already in use.")
            conflict.field = "name"
            conflict.cause = error.cause
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
