import CSQLite

/// SQLite's "copy the bytes now" destructor. sqlite3.h defines it as `((sqlite3_destructor_type)-1)`,
/// a cast Swift cannot import, so the same bit pattern is rebuilt here.
private var transientDestructor: sqlite3_destructor_type {
    unsafeBitCast(-1 as Int, to: sqlite3_destructor_type.self)
}

/// One open SQLite handle with a cache of prepared statements. Not thread-safe by itself:
/// it is only ever reached through `SQLiteDatabase`, which serializes access with a mutex.
public final class SQLiteConnection {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, busyTimeoutMilliseconds: Int32) throws(SQLiteError) {
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK else {
            let error = SQLiteError.last(db, sql: "open \(path)")
            sqlite3_close_v2(db)
            db = nil
            throw error
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeoutMilliseconds)
        // WAL lets readers in other processes proceed during writes; NORMAL sync is durable
        // across application crashes under WAL; foreign keys are off by default in SQLite.
        try execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
    }

    deinit { close() }

    /// Finalizes cached statements and closes the handle; idempotent.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements = [:]
        if let db { sqlite3_close_v2(db) }
        db = nil
    }

    /// Runs one or more statements without parameters or results (schema, pragmas).
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(try handle(), sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "error \(status)"
            sqlite3_free(message)
            throw SQLiteError(code: sqlite3_extended_errcode(db), message: text, sql: sql)
        }
    }

    /// Runs one statement for its effect; returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> Int {
        _ = try query(sql, parameters)
        return Int(sqlite3_changes(db))
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// Runs one statement and returns all its rows.
    public func query(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> [SQLiteRow] {
        let statement = try prepared(sql)
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        try bind(parameters, to: statement, sql: sql)
        let columnCount = sqlite3_column_count(statement)
        let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [SQLiteRow] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw SQLiteError.last(db, sql: sql) }
            rows.append(SQLiteRow(columns: columns, values: (0..<columnCount).map { column(statement, $0) }))
        }
    }

    /// The first row of the result, or nil.
    public func queryOne(_ sql: String, _ parameters: [any SQLiteBindable] = []) throws(SQLiteError) -> SQLiteRow? {
        try query(sql, parameters).first
    }

    private func handle() throws(SQLiteError) -> OpaquePointer {
        guard let db else { throw SQLiteError(code: SQLITE_MISUSE, message: "database is closed") }
        return db
    }

    private func prepared(_ sql: String) throws(SQLiteError) -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(try handle(), sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw SQLiteError.last(db, sql: sql)
        }
        statements[sql] = statement
        return statement
    }

    private func bind(_ parameters: [any SQLiteBindable], to statement: OpaquePointer, sql: String) throws(SQLiteError) {
        guard Int(sqlite3_bind_parameter_count(statement)) == parameters.count else {
            throw SQLiteError(code: SQLITE_RANGE, message: "statement expects \(sqlite3_bind_parameter_count(statement)) "
                              + "parameters, got \(parameters.count)", sql: sql)
        }
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch parameter.sqliteValue {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
            case .real(let number): status = sqlite3_bind_double(statement, index, number)
            case .text(let text): status = sqlite3_bind_text(statement, index, text, -1, transientDestructor)
            case .blob(let bytes):
                // An empty array may have no base address, which SQLite would bind as NULL.
                status = bytes.isEmpty
                    ? sqlite3_bind_zeroblob(statement, index, 0)
                    : bytes.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress, Int32($0.count), transientDestructor) }
            }
            guard status == SQLITE_OK else { throw SQLiteError.last(db, sql: sql) }
        }
    }

    private func column(_ statement: OpaquePointer, _ index: Int32) -> SQLiteValue {
        switch sqlite3_column_type(statement, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, index))
        case SQLITE_TEXT:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard let pointer = sqlite3_column_text(statement, index) else { return .text("") }
            return .text(String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, index))
            guard count > 0, let pointer = sqlite3_column_blob(statement, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: pointer, count: count)))
        default: return .null
        }
    }
}
