import ExoCore
import ExoSQLite
import Foundation

extension SQLiteStore {
    static let imageColumns = "images.*, apps.name AS app_name"
    static let imageJoin = "images JOIN apps ON apps.id = images.app_id"

    @discardableResult
    public func saveImage(_ image: NewImage) throws(ExoError) -> ImageRecord {
        let now = self.now
        return try write { db in
            let appID = try Self.appID(db, image.app)
            // Replace rather than update, so a rebuilt commit gets a new id and sorts as latest.
            try db.run("DELETE FROM images WHERE app_id = ? AND deployment = ? AND sha = ?",
                       [appID, image.deployment.rawValue, image.sha])
            try db.run("""
                INSERT INTO images (app_id, deployment, sha, path, size, procfile, date_created)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [appID, image.deployment.rawValue, image.sha, image.path, image.size, image.procfile, now])
            return try Self.fetchImages(db, "images.id = ?", [db.lastInsertRowID]).first!
        }
    }

    public func image(app: AppName, deployment: DeploymentName, sha: String) throws(ExoError) -> ImageRecord? {
        try read { db in
            try Self.fetchImages(db, "apps.name = ? AND images.deployment = ? AND images.sha = ?",
                                 [app.rawValue, deployment.rawValue, sha]).first
        }
    }

    public func latestImage(app: AppName, deployment: DeploymentName) throws(ExoError) -> ImageRecord? {
        try images(app: app, deployment: deployment).first
    }

    public func images(app: AppName, deployment: DeploymentName) throws(ExoError) -> [ImageRecord] {
        try read { db in
            try Self.fetchImages(db, "apps.name = ? AND images.deployment = ?", [app.rawValue, deployment.rawValue])
        }
    }

    @discardableResult
    public func deleteImages(app: AppName, deployment: DeploymentName) throws(ExoError) -> [ImageRecord] {
        try write { db in
            let doomed = try Self.fetchImages(db, "apps.name = ? AND images.deployment = ?", [app.rawValue, deployment.rawValue])
            for image in doomed { try db.run("DELETE FROM images WHERE id = ?", [image.id]) }
            return doomed
        }
    }

    public func deleteImage(id: Int64) throws(ExoError) {
        try write { db in
            guard try db.run("DELETE FROM images WHERE id = ?", [id]) == 1 else {
                throw ExoError.notFound("The image does not exist.")
            }
        }
    }

    /// Matching images, newest first (ids grow with every save, dates only have seconds).
    static func fetchImages(_ db: SQLiteConnection, _ condition: String, _ values: [any SQLiteBindable]) throws -> [ImageRecord] {
        try db.query("SELECT \(imageColumns) FROM \(imageJoin) WHERE \(condition) ORDER BY images.id DESC", values).map { row in
            ImageRecord(
                id: try row.id("id"),
                appID: try row.id("app_id"),
                app: try AppName(row.string("app_name")),
                deployment: try DeploymentName(row.string("deployment")),
                sha: try row.string("sha"),
                path: try row.string("path"),
                size: try row.int("size"),
                procfile: try row.string("procfile"),
                dateCreated: try row.date("date_created"))
        }
    }
}
