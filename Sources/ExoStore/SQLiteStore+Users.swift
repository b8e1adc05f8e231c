import ExoCore
import ExoSQLite
import Foundation

extension SQLiteStore {
    @discardableResult
    public func createUser(_ user: NewUser) throws(ExoError) -> UserRecord {
        let now = self.now
        return try write { db in
            try db.run("""
                INSERT INTO users (username, email, password_hash, first_name, last_name, is_active,
                                   activation_code, date_created, date_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [user.username.rawValue, user.email.rawValue, user.passwordHash, user.firstName, user.lastName,
                      user.isActive, user.activationCode, now, now])
            return try Self.fetchUser(db, "id = ?", db.lastInsertRowID)!
        }
    }

    public func user(id: Int64) throws(ExoError) -> UserRecord? {
        try read { db in try Self.fetchUser(db, "id = ?", id) }
    }

    public func user(named username: UserName) throws(ExoError) -> UserRecord? {
        try read { db in try Self.fetchUser(db, "username = ?", username.rawValue) }
    }

    public func user(email: EmailAddress) throws(ExoError) -> UserRecord? {
        try read { db in try Self.fetchUser(db, "email = ?", email.rawValue) }
    }

    public func allUsers() throws(ExoError) -> [UserRecord] {
        try read { db in try db.query("SELECT * FROM users ORDER BY id").map(Self.userRecord) }
    }

    public func updateUser(_ user: UserRecord) throws(ExoError) -> UserRecord {
        let now = self.now
        return try write { db in
            let changed = try db.run("""
                UPDATE users SET username = ?, email = ?, password_hash = ?, first_name = ?, last_name = ?,
                                 is_active = ?, activation_code = ?, date_modified = ?
                WHERE id = ?
                """, [user.username.rawValue, user.email.rawValue, user.passwordHash, user.firstName, user.lastName,
                      user.isActive, user.activationCode, now, user.id])
            guard changed == 1, let saved = try Self.fetchUser(db, "id = ?", user.id) else {
                throw ExoError.notFound("This username is unknown.")
            }
            return saved
        }
    }

    public func deleteUser(id: Int64) throws(ExoError) {
        try write { db in
            if try db.queryOne("SELECT 1 FROM apps WHERE owner_id = ? LIMIT 1", [id]) != nil {
                throw ExoError.conflict("Delete your apps before deleting the user.")
            }
            guard try db.run("DELETE FROM users WHERE id = ?", [id]) == 1 else {
                throw ExoError.notFound("This username is unknown.")
            }
        }
    }

    static func fetchUser(_ db: SQLiteConnection, _ condition: String, _ value: any SQLiteBindable) throws -> UserRecord? {
        try db.queryOne("SELECT * FROM users WHERE \(condition)", [value]).map(userRecord)
    }

    static func userRecord(_ row: SQLiteRow) throws -> UserRecord {
        UserRecord(
            id: try row.id("id"),
            username: try UserName(row.string("username")),
            email: try EmailAddress(row.string("email")),
            passwordHash: try row.string("password_hash"),
            firstName: try row.string("first_name"),
            lastName: try row.string("last_name"),
            isActive: try row.bool("is_active"),
            activationCode: row.optionalString("activation_code"),
            dateCreated: try row.date("date_created"),
            dateModified: try row.date("date_modified"))
    }
}
