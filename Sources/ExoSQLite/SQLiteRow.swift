/// One result row; columns are looked up by name. The typed getters throw instead of
/// trapping so that a schema mismatch surfaces as an error with the column name.
public struct SQLiteRow: Sendable, Equatable {
    public let columns: [String]
    public let values: [SQLiteValue]

    public init(columns: [String], values: [SQLiteValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ name: String) -> SQLiteValue {
        guard let index = columns.firstIndex(of: name) else { return .null }
        return values[index]
    }

    public func string(_ name: String) throws(SQLiteError) -> String {
        guard let value = optionalString(name) else { throw mismatch(name, "TEXT") }
        return value
    }

    public func optionalString(_ name: String) -> String? {
        switch self[name] {
        case .text(let text): text
        case .integer(let number): String(number)
        case .real(let number): String(number)
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        case .null: nil
        }
    }

    public func int(_ name: String) throws(SQLiteError) -> Int {
        guard let value = optionalInt(name) else { throw mismatch(name, "INTEGER") }
        return value
    }

    public func optionalInt(_ name: String) -> Int? {
        switch self[name] {
        case .integer(let number): Int(number)
        case .real(let number): Int(number)
        case .text(let text): Int(text)
        default: nil
        }
    }

    public func bool(_ name: String) throws(SQLiteError) -> Bool { try int(name) != 0 }

    public func double(_ name: String) throws(SQLiteError) -> Double {
        switch self[name] {
        case .real(let number): return number
        case .integer(let number): return Double(number)
        default: throw mismatch(name, "REAL")
        }
    }

    public func blob(_ name: String) throws(SQLiteError) -> [UInt8] {
        switch self[name] {
        case .blob(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        default: throw mismatch(name, "BLOB")
        }
    }

    private func mismatch(_ name: String, _ type: String) -> SQLiteError {
        SQLiteError(code: 20 /* SQLITE_MISMATCH */, message: "column \(name) is not a non-null \(type) (\(self[name]))")
    }
}
