import ExoCore
import ExoCrypto
import ExoSQLite
import Foundation

/// The SQLite implementation of `Store`: one database file, migrated on open. Thread-safe
/// (ExoSQLite serializes the connection); every method is a short synchronous call.
public final class SQLiteStore: Store {
    let database: SQLiteDatabase
    /// How long a token stays valid after its last use.
    public let tokenLifetime: TimeInterval
    let clock: @Sendable () -> Date

    /// Opens (creating and migrating) the store at `path`; ":memory:" gives a private store.
    public init(path: String, tokenLifetime: TimeInterval = 24 * 3600,
                clock: @escaping @Sendable () -> Date = { Date() }) throws(ExoError) {
        self.tokenLifetime = tokenLifetime
        self.clock = clock
        do {
            database = try SQLiteDatabase(path: path)
            try database.migrate(SQLiteSchema.migrations)
        } catch {
            throw Self.mapped(error, context: "open the database at \(path)")
        }
    }

    /// Closes the database; later calls fail with `.internalError`.
    public func close() { database.close() }

    /// The applied schema version, for diagnostics.
    public func schemaVersion() throws(ExoError) -> Int {
        do { return try database.schemaVersion() } catch { throw Self.mapped(error, context: nil) }
    }

    /// Current time in whole seconds, the resolution dates are stored with.
    var now: Int64 { Int64(clock().timeIntervalSince1970.rounded(.down)) }

    /// Runs a read (or a single-statement write) with the connection, mapping errors.
    func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(ExoError) -> T {
        do { return try database.withConnection(body) } catch { throw Self.mapped(error, context: nil) }
    }

    /// Runs `body` in one transaction, mapping errors.
    func write<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws(ExoError) -> T {
        do { return try database.transaction(body) } catch { throw Self.mapped(error, context: nil) }
    }

    /// Turns any error into an `ExoError`: unique violations become `.conflict` naming the field,
    /// foreign-key violations `.conflict`, everything else `.internalError` with the cause.
    static func mapped(_ error: any Error, context: String?) -> ExoError {
        if let error = error as? ExoError { return error }
        guard let error = error as? SQLiteError else {
            return .internalError("The database failed.", cause: "\(context.map { $0 + ": " } ?? "")\(error)")
        }
        if error.isUniqueViolation {
            // SQLite says "UNIQUE constraint failed: users.email" (or "a.x, a.y" for composite keys).
            let columns = error.message.components(separatedBy: "failed: ").last ?? ""
            let first = columns.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let parts = first.split(separator: ".").map(String.init)
            var conflict = ExoError.conflict(conflictMessage(table: parts.first, columns: columns))
            conflict.field = parts.count == 2 ? parts[1] : nil
            if parts.first == "deployments" || parts.first == "apps" { conflict.field = "name" }
            conflict.cause = error.description
            return conflict
        }
        if error.isForeignKeyViolation {
            var conflict = ExoError.conflict("The resource is still in use.")
            conflict.cause = error.description
            return conflict
        }
        return .internalError("The database failed.", cause: "\(context.map { $0 + ": " } ?? "")\(error)")
    }

    private static func conflictMessage(table: String?, columns: String) -> String {
        switch (table, columns) {
        case ("users", "users.username"): "A user with this username already exists."
        case ("users", "users.email"): "A user with this email address already exists."
        case ("apps", _): "An app with this name already exists."
        case ("deployments", _): "A deployment with this name already exists."
        default: "This resource already exists."
        }
    }
}

extension SQLiteRow {
    func date(_ name: String) throws -> Date { Date(timeIntervalSince1970: TimeInterval(try int(name))) }
    func id(_ name: String) throws -> Int64 { Int64(try int(name)) }
}
