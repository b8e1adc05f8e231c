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
        try insert(into: "addons", of: deploymentID, ["name": name, "settings": settings],
                   conflict: ("addon", "This add-on is already booked on the deployment."), as: Self.addonRecord)
    }

    /// Inserts a row of a deployment's table (`deployment_id` and the dates are added) and
    /// returns it: `.notFound` without the deployment, `.conflict` naming `conflict.field` when a
    /// unique column clashes. `check` runs first in the same transaction (it may throw to refuse).
    func insert<Record: Sendable>(into table: String, of deploymentID: Int64, _ columns: KeyValuePairs<String, any SQLiteBindable>,
                                  conflict: (field: String, message: String),
                                  check: (SQLiteConnection) throws -> Void = { _ in },
                                  as record: @escaping (SQLiteRow) throws -> Record) throws(ExoError) -> Record {
        let now = self.now
        let names = ["deployment_id"] + columns.map(\.key) + ["date_created", "date_modified"]
        let values: [any SQLiteBindable] = [deploymentID] + columns.map(\.value) + [now, now]
        do {
            return try write { db in
                guard try db.queryOne("SELECT 1 FROM deployments WHERE id = ?", [deploymentID]) != nil else {
                    throw ExoError.notFound("The deployment does not exist.")
                }
                try check(db)
                // Table and column names are the store's own constants, never user input.
                let placeholders = Array(repeating: "?", count: names.count).joined(separator: ", ")
                try db.run("INSERT INTO \(table) (\(names.joined(separator: ", "))) VALUES (\(placeholders))", values)
                return try db.queryOne("SELECT * FROM \(table) WHERE id = ?", [db.lastInsertRowID]).map(record)!
            }
        } catch where error.code == .conflict && error.cause != nil {
            // The database refused a unique value (its error is the cause); a refusal of `check` passes as it is.
            var clash = ExoError.conflict(conflict.message)
            clash.field = conflict.field
            clash.cause = error.cause
            throw clash
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
