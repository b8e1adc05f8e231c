import ExoCore
import ExoSQLite
import ExoStore
import Testing

struct PersistenceTests {
    @Test func dataSurvivesCloseAndReopen() throws {
        let f = try StoreFixture()
        let user = try f.user()
        let app = try f.app(owner: user)
        let dep = try f.store.createDeployment(app: app.name, name: .default)
        let image = try f.store.saveImage(NewImage(app: app.name, deployment: .default, sha: "abc", path: "/p", size: 9, procfile: "web: x"))
        let token = try f.store.createToken(userID: user.id)

        let reopened = try f.reopen()
        #expect(try reopened.user(id: user.id) == user)
        #expect(try reopened.app(named: app.name) == app)
        #expect(try reopened.deployment(app: app.name, name: .default) == dep)
        #expect(try reopened.latestImage(app: app.name, deployment: .default) == image)
        #expect(try reopened.authenticate(token: token.token) == user)
    }

    @Test func migrationsAreIdempotentOnReopen() throws {
        let f = try StoreFixture()
        #expect(try f.sqlite.schemaVersion() == 3)
        try f.user()
        for _ in 0..<3 {
            let reopened = try f.reopen()
            #expect(try reopened.schemaVersion() == 3)
            #expect(try reopened.allUsers().count == 1)
            reopened.close()
        }
        let db = try SQLiteDatabase(path: f.dir.database)
        #expect(try db.query("SELECT version FROM schema_migrations").map { try $0.int("version") } == [1, 2, 3])
    }

    @Test func inMemoryStoreIsPrivateAndMigrated() throws {
        let a = try SQLiteStore(path: ":memory:")
        let b = try SQLiteStore(path: ":memory:")
        #expect(try a.schemaVersion() == 3)
        try a.createUser(NewUser(username: UserName("ann"), email: EmailAddress("ann@example.com"), passwordHash: "h"))
        #expect(try a.allUsers().count == 1)
        #expect(try b.allUsers().isEmpty)
    }

    @Test func unusableDatabasePathIsAnInternalError() throws {
        let error = #expect(throws: ExoError.self) { try SQLiteStore(path: "/nonexistent-dir/exo.sqlite") }
        #expect(error?.code == .internalError)
        #expect(error?.cause?.contains("nonexistent-dir") == true)
    }

    @Test func closedStoreFailsWithInternalError() throws {
        let f = try StoreFixture()
        f.sqlite.close()
        let error = #expect(throws: ExoError.self) { try f.store.allUsers() }
        #expect(error?.code == .internalError)
    }
}
