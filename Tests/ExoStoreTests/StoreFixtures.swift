import ExoCore
import ExoCrypto
import ExoStore
import Foundation
import Synchronization

/// A clock the test moves by hand, for token expiry.
final class TestClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))

    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 += seconds } }
    var function: @Sendable () -> Date { { self.now } }
}

/// A store in a temporary directory, plus helpers to create related rows. Tests go through
/// `store` (the protocol), so they double as the conformance suite for a future implementation;
/// only persistence tests reach for `sqlite`.
struct StoreFixture {
    let dir: TemporaryDirectory
    let clock = TestClock()
    let sqlite: SQLiteStore
    var store: any Store { sqlite }

    init(tokenLifetime: TimeInterval = 3600) throws {
        dir = try TemporaryDirectory()
        sqlite = try SQLiteStore(path: dir.database, tokenLifetime: tokenLifetime, clock: clock.function)
    }

    func reopen() throws -> SQLiteStore {
        sqlite.close()
        return try SQLiteStore(path: dir.database, clock: clock.function)
    }

    @discardableResult
    func user(_ name: String = "ann", email: String? = nil) throws -> UserRecord {
        try store.createUser(NewUser(username: UserName(name), email: EmailAddress(email ?? "\(name)@example.com"),
                                     passwordHash: "pbkdf2_sha256$1$00$00", isActive: true))
    }

    @discardableResult
    func app(_ name: String = "hello", owner: UserRecord) throws -> AppRecord {
        try store.createApp(NewApp(name: AppName(name), type: "python", ownerID: owner.id))
    }
}
