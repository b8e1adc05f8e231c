import ExoCore
import ExoSQLite
import Foundation

extension SQLiteStore {
    public func addons(deploymentID: Int64) throws(ExoError) -> [AddonRecord] {
        try read { db in
            try db.query("SELECT * FROM addons WHERE deployment_id = ? ORDER BY name", [deploymentID]).map(Self.addonRecord)
        }
    }

    public func addon(deploymentID: Int64, name: String) throws(ExoError) -> AddonRecord? {
        try read { db in
            try db.queryOne("SELECT * FROM addons WHERE deployment_id = ? AND name = ?", [deploymentID, name])
                .map(Self.addonRecord)
        }
    }

    @discardableResult
    public func createAddon(deploymentID: Int64, name: String, settings: String) throws(ExoError) -> AddonRecord {
        let now = self.now
        do {
            return try write { db in
                guard try db.queryOne("SELECT 1 FROM deployments WHERE id = ?", [deploymentID]) != nil else {
                    throw ExoError.notFound("The deployment does not exist.")
                }
                try db.run("""
                    INSERT INTO addons (deployment_id, name, settings, date_created, date_modified) VALUES (?, ?, ?, ?, ?)
                    """, [deploymentID, name, settings, now, now])
                return try db.queryOne("SELECT * FROM addons WHERE id = ?", [db.lastInsertRowID]).map(Self.addonRecord)!
            }
        } catch where error.code == .conflict {
            var conflict = ExoError.conflict("This add-on is already booked on the deployment.")
            conflict.field = "addon"
            conflict.cause = error.cause
            throw conflict
        }
    }

    @discardableResult
    public func updateAddon(deploymentID: Int64, name: String, settings: String) throws(ExoError) -> AddonRecord {
        let now = self.now
        return try write { db in
            let changed = try db.run("UPDATE addons SET settings = ?, date_modified = ? WHERE deployment_id = ? AND name = ?",
                                     [settings, now, deploymentID, name])
            guard changed == 1, let saved = try db.queryOne("SELECT * FROM addons WHERE deployment_id = ? AND name = ?",
                                                            [deploymentID, name]).map(Self.addonRecord) else {
                throw ExoError.notFound("The add-on is not booked on the deployment.")
            }
            return saved
        }
    }

    public func deleteAddon(deploymentID: Int64, name: String) throws(ExoError) {
        try write { db in
            guard try db.run("DELETE FROM addons WHERE deployment_id = ? AND name = ?", [deploymentID, name]) == 1 else {
                throw ExoError.notFound("The add-on is not booked on the deployment.")
            }
        }
    }

    static func addonRecord(_ row: SQLiteRow) throws -> AddonRecord {
        AddonRecord(deploymentID: try row.id("deployment_id"), name: try row.string("name"),
                    settings: try row.string("settings"), dateCreated: try row.date("date_created"),
                    dateModified: try row.date("date_modified"))
    }
}
