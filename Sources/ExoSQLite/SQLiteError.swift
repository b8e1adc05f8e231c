import CSQLite

/// A failure reported by SQLite, carrying its result code and message (and the statement, for
/// the log). The store layer turns constraint failures into `ExoError`s.
public struct SQLiteError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The extended result code (e.g. 2067 for SQLITE_CONSTRAINT_UNIQUE).
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (the low byte of the extended code).
    public var primaryCode: Int32 { code & 0xFF }

    // The extended codes are function-like macros in sqlite3.h, which Swift does not import.
    static let constraintUnique: Int32 = SQLITE_CONSTRAINT | (8 << 8)
    static let constraintPrimaryKey: Int32 = SQLITE_CONSTRAINT | (6 << 8)
    static let constraintForeignKey: Int32 = SQLITE_CONSTRAINT | (3 << 8)

    /// A UNIQUE or PRIMARY KEY constraint rejected the write.
    public var isUniqueViolation: Bool { code == Self.constraintUnique || code == Self.constraintPrimaryKey }
    /// A FOREIGN KEY constraint rejected the write.
    public var isForeignKeyViolation: Bool { code == Self.constraintForeignKey }
    /// Any constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY) rejected the write.
    public var isConstraintViolation: Bool { primaryCode == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " [\(sql)]" }
        return text
    }

    /// The current error of `db`, as SQLite describes it.
    static func last(_ db: OpaquePointer?, sql: String? = nil) -> SQLiteError {
        guard let db else { return SQLiteError(code: SQLITE_CANTOPEN, message: "no database handle", sql: sql) }
        return SQLiteError(code: sqlite3_extended_errcode(db), message: String(cString: sqlite3_errmsg(db)), sql: sql)
    }
}
