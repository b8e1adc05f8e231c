import ExoCore
import ExoCrypto
import ExoSQLite
import Foundation

extension SQLiteStore {
    static let deploymentColumns = "deployments.*, apps.name AS app_name"
    static let deploymentJoin = "deployments JOIN apps ON apps.id = deployments.app_id"

    @discardableResult
    public func createDeployment(app: AppName, name: DeploymentName, stack: String) throws(ExoError) -> DeploymentRecord {
        let now = self.now
        return try write { db in
            let appID = try Self.appID(db, app)
            // dep_id is unique; a clash among 36^8 values is improbable but must not fail the call.
            var depID = Self.newDepID()
            while try db.queryOne("SELECT 1 FROM deployments WHERE dep_id = ?", [depID]) != nil { depID = Self.newDepID() }
            try db.run("""
                INSERT INTO deployments (app_id, name, dep_id, stack, date_created, date_modified)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [appID, name.rawValue, depID, stack, now, now])
            return try Self.fetchDeployment(db, "deployments.id = ?", [db.lastInsertRowID])!
        }
    }

    public func deployment(app: AppName, name: DeploymentName) throws(ExoError) -> DeploymentRecord? {
        try read { db in try Self.fetchDeployment(db, "apps.name = ? AND deployments.name = ?", [app.rawValue, name.rawValue]) }
    }

    public func deployment(depID: String) throws(ExoError) -> DeploymentRecord? {
        try read { db in try Self.fetchDeployment(db, "deployments.dep_id = ?", [depID]) }
    }

    public func deployments(app: AppName) throws(ExoError) -> [DeploymentRecord] {
        try read { db in
            try db.query("SELECT \(Self.deploymentColumns) FROM \(Self.deploymentJoin) WHERE apps.name = ? ORDER BY deployments.name",
                         [app.rawValue]).map(Self.deploymentRecord)
        }
    }

    public func allDeployments() throws(ExoError) -> [DeploymentRecord] {
        try read { db in
            try db.query("SELECT \(Self.deploymentColumns) FROM \(Self.deploymentJoin) ORDER BY apps.name, deployments.name")
                .map(Self.deploymentRecord)
        }
    }

    public func updateDeployment(_ deployment: DeploymentRecord) throws(ExoError) -> DeploymentRecord {
        guard MemorySize.boxRange.contains(deployment.maxBoxes) else {
            throw .invalid("max_boxes", MemorySize.invalidSizeMessage)
        }
        guard deployment.minBoxes >= 0 else { throw .invalid("min_boxes", "The number of containers must not be negative.") }
        let now = self.now
        return try write { db in
            let changed = try db.run("""
                UPDATE deployments SET version = ?, deployed_version = ?, state = ?, min_boxes = ?, max_boxes = ?,
                                       stack = ?, date_modified = ?
                WHERE id = ?
                """, [deployment.version, deployment.deployedVersion, deployment.state.rawValue, deployment.minBoxes,
                      deployment.maxBoxes, deployment.stack, now, deployment.id])
            guard changed == 1, let saved = try Self.fetchDeployment(db, "deployments.id = ?", [deployment.id]) else {
                throw ExoError.notFound("The deployment does not exist.")
            }
            return saved
        }
    }

    public func deleteDeployment(app: AppName, name: DeploymentName) throws(ExoError) {
        try write { db in
            let appID = try Self.appID(db, app)
            guard try db.run("DELETE FROM deployments WHERE app_id = ? AND name = ?", [appID, name.rawValue]) == 1 else {
                throw ExoError.notFound("The deployment does not exist.")
            }
        }
    }

    /// "dep" + 8 random [a-z0-9], the format of cloudControl's dep_id.
    static func newDepID() -> String { "dep" + SecureRandom.string(length: 8) }

    static func appID(_ db: SQLiteConnection, _ app: AppName) throws -> Int64 {
        guard let row = try db.queryOne("SELECT id FROM apps WHERE name = ?", [app.rawValue]) else {
            throw ExoError.notFound("The application does not exist.")
        }
        return try row.id("id")
    }

    static func fetchDeployment(_ db: SQLiteConnection, _ condition: String, _ values: [any SQLiteBindable]) throws
        -> DeploymentRecord?
    {
        try db.queryOne("SELECT \(deploymentColumns) FROM \(deploymentJoin) WHERE \(condition)", values).map(deploymentRecord)
    }

    static func deploymentRecord(_ row: SQLiteRow) throws -> DeploymentRecord {
        let stateText = try row.string("state")
        guard let state = DeploymentState(rawValue: stateText) else {
            throw ExoError.internalError("The database failed.", cause: "unknown deployment state \(stateText)")
        }
        return DeploymentRecord(
            id: try row.id("id"),
            appID: try row.id("app_id"),
            app: try AppName(row.string("app_name")),
            name: try DeploymentName(row.string("name")),
            depID: try row.string("dep_id"),
            version: try row.string("version"),
            deployedVersion: row.optionalString("deployed_version"),
            state: state,
            minBoxes: try row.int("min_boxes"),
            maxBoxes: try row.int("max_boxes"),
            stack: try row.string("stack"),
            dateCreated: try row.date("date_created"),
            dateModified: try row.date("date_modified"))
    }
}
