import Foundation
import Testing
import ExoSQLite

/// A fresh temporary directory, removed when the test's value goes away.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("exo-store-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    var database: String { path + "/exo.sqlite" }
}

struct SQLiteDatabaseTests {
    @Test func opensInWALModeWithForeignKeysOn() throws {
        let dir = try TemporaryDirectory()
        let db = try SQLiteDatabase(path: dir.database)
        #expect(try db.queryOne("PRAGMA journal_mode")?.string("journal_mode") == "wal")
        #expect(try db.queryOne("PRAGMA foreign_keys")?.int("foreign_keys") == 1)
    }

    @Test func bindsAndReadsEveryValueType() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        let nothing: String? = nil
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [42, 1.5, "héllo 'quoted'", [UInt8]([0, 1, 255]), nothing])
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)", [Int64.max, 0.0, "", [UInt8](), true])
        let rows = try db.query("SELECT * FROM t ORDER BY rowid")
        #expect(rows.count == 2)
        #expect(try rows[0].int("i") == 42)
        #expect(try rows[0].double("r") == 1.5)
        #expect(try rows[0].string("s") == "héllo 'quoted'")
        #expect(try rows[0].blob("b") == [0, 1, 255])
        #expect(rows[0]["n"] == .null)
        #expect(rows[0].optionalString("n") == nil)
        #expect(try rows[1].int("i") == Int.max)
        #expect(try rows[1].string("s") == "")
        #expect(try rows[1].blob("b") == [])
        #expect(try rows[1].bool("n"))
    }

    @Test func errorsCarryTheSQLiteMessage() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        let error = #expect(throws: SQLiteError.self) { try db.query("SELECT * FROM missing") }
        #expect(error?.message.contains("no such table: missing") == true)
        #expect(error?.sql == "SELECT * FROM missing")
        #expect(throws: SQLiteError.self) { try db.run("SELECT ?", []) }
    }

    @Test func classifiesUniqueAndForeignKeyViolations() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT UNIQUE);
            CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent(id));
            """)
        try db.run("INSERT INTO parent (id, name) VALUES (1, 'a')")
        let unique = #expect(throws: SQLiteError.self) { try db.run("INSERT INTO parent (name) VALUES ('a')") }
        #expect(unique?.isUniqueViolation == true)
        let primary = #expect(throws: SQLiteError.self) { try db.run("INSERT INTO parent (id, name) VALUES (1, 'b')") }
        #expect(primary?.isUniqueViolation == true)
        let foreign = #expect(throws: SQLiteError.self) { try db.run("INSERT INTO child VALUES (7)") }
        #expect(foreign?.isForeignKeyViolation == true)
        #expect(foreign?.isUniqueViolation == false)
    }

    @Test func transactionsCommitOrRollBack() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        try db.execute("CREATE TABLE t (v INTEGER)")
        try db.transaction { try $0.run("INSERT INTO t VALUES (1)") }
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.transaction { connection in
                try connection.run("INSERT INTO t VALUES (2)")
                throw Boom()
            }
        }
        #expect(try db.query("SELECT v FROM t").map { try $0.int("v") } == [1])
    }

    @Test func serializesConcurrentWritersFromManyThreads() throws {
        let dir = try TemporaryDirectory()
        let db = try SQLiteDatabase(path: dir.database)
        try db.execute("CREATE TABLE t (v INTEGER)")
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for i in 0..<50 {
                _ = try? db.transaction { connection in
                    try connection.run("INSERT INTO t VALUES (?)", [thread * 1000 + i])
                    return try connection.queryOne("SELECT COUNT(*) AS c FROM t")?.int("c") ?? 0
                }
            }
        }
        #expect(try db.queryOne("SELECT COUNT(*) AS c FROM t")?.int("c") == 400)
    }

    @Test func closedDatabaseFailsCleanly() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        db.close()
        db.close()
        #expect(throws: SQLiteError.self) { try db.query("SELECT 1") }
    }
}

struct SQLiteMigrationTests {
    let migrations = [
        SQLiteMigration(version: 1, name: "create a", sql: "CREATE TABLE a (x INTEGER)"),
        SQLiteMigration(version: 2, name: "create b", sql: "CREATE TABLE b (y INTEGER); INSERT INTO b VALUES (1);"),
    ]

    @Test func appliesEachMigrationOnceAcrossReopens() throws {
        let dir = try TemporaryDirectory()
        do {
            let db = try SQLiteDatabase(path: dir.database)
            #expect(try db.schemaVersion() == 0)
            #expect(try db.migrate(Array(migrations.prefix(1))) == [1])
            #expect(try db.migrate(migrations) == [2])
            #expect(try db.migrate(migrations) == [])
        }
        let reopened = try SQLiteDatabase(path: dir.database)
        #expect(try reopened.migrate(migrations) == [])
        #expect(try reopened.schemaVersion() == 2)
        #expect(try reopened.queryOne("SELECT COUNT(*) AS c FROM b")?.int("c") == 1)
    }

    @Test func failedMigrationLeavesNoTrace() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        let broken = migrations + [SQLiteMigration(version: 3, name: "broken", sql: "CREATE TABLE c (z); SELECT nope FROM nowhere;")]
        #expect(throws: SQLiteError.self) { try db.migrate(broken) }
        #expect(try db.schemaVersion() == 2)
        #expect(try db.queryOne("SELECT name FROM sqlite_master WHERE name = 'c'") == nil)
    }

    @Test func refusesUnorderedVersionsAndNewerDatabases() throws {
        let db = try SQLiteDatabase(path: ":memory:")
        #expect(throws: SQLiteError.self) { try db.migrate(migrations.reversed()) }
        try db.migrate(migrations)
        #expect(throws: SQLiteError.self) { try db.migrate(Array(migrations.prefix(1))) }
    }
}
