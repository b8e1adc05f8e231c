import Synchronization

/// A thread-safe SQLite database: one connection, every use serialized by a mutex. exod calls
/// it from many blocking threads; SQLite writes are serialized anyway, and statements here are
/// short, so one connection is simpler than a pool and just as fast at this scale.
public final class SQLiteDatabase: Sendable {
    private let connection: Mutex<SQLiteConnection>
    public let path: String

    /// Opens (creating if needed) the database at `path` (":memory:" for a private one) in WAL
    /// mode with foreign keys on; a writer from another process is waited for up to the timeout.
    public init(path: String, busyTimeoutMilliseconds: Int32 = 5000) throws(SQLiteError) {
        self.path = path
        connection = Mutex(try SQLiteConnection(path: path, busyTimeoutMilliseconds: busyTimeoutMilliseconds))
    }

    /// Runs `body` with exclusive use of the connection. The connection must not escape `body`.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { connection throws -> T in try body(connection) }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// BEGIN IMMEDIATE takes the write lock up front, so a read-then-write body cannot fail
    /// halfway with SQLITE_BUSY when another process writes concurrently.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try withConnection { connection in
            try connection.execute("BEGIN IMMEDIATE")
            do {
                let result = try body(connection)
                try connection.execute("COMMIT")
                return result
            } catch {
                try? connection.execute("ROLLBACK")
                throw error
            }
        }
    }

    public func execute(_ sql: String) throws(SQLiteError) {
        try lock { connection throws(SQLiteError) in try connection.execute(sql) }
    }

    @discardableResult
    public func run(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> Int {
        try lock { connection throws(SQLiteError) in try connection.run(sql, parameters) }
    }

    public func query(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> [SQLiteRow] {
        try lock { connection throws(SQLiteError) in try connection.query(sql, parameters) }
    }

    public func queryOne(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> SQLiteRow? {
        try lock { connection throws(SQLiteError) in try connection.queryOne(sql, parameters) }
    }

    /// Closes the connection; later calls fail with "database is closed".
    public func close() {
        connection.withLock { $0.close() }
    }

    private func lock<T: Sendable>(_ body: (SQLiteConnection) throws(SQLiteError) -> T) throws(SQLiteError) -> T {
        try connection.withLock { connection throws(SQLiteError) -> T in try body(connection) }
    }
}
