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
                   conflict: ("name", "This alias is already in use."), as: Self.aliasRecord)
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
