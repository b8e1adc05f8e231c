import ExoCore
import ExoCrypto
import ExoSQLite
import ExoStore
import Foundation
import Testing

struct TokenStoreTests {
    @Test func issuedTokenAuthenticatesItsUser() throws {
        let f = try StoreFixture(tokenLifetime: 3600)
        let user = try f.user()
        let issued = try f.store.createToken(userID: user.id)
        #expect(issued.token.count == 64)
        #expect(issued.expires == f.clock.now.addingTimeInterval(3600))
        #expect(try f.store.authenticate(token: issued.token) == user)
        #expect(try f.store.authenticate(token: "not-a-token") == nil)
        #expect(try f.store.createToken(userID: user.id).token != issued.token)
    }

    @Test func tokenExpiresAfterItsLifetimeWithoutUse() throws {
        let f = try StoreFixture(tokenLifetime: 3600)
        let issued = try f.store.createToken(userID: try f.user().id)
        f.clock.advance(by: 3600)
        #expect(try f.store.authenticate(token: issued.token) == nil)
    }

    @Test func eachUseExtendsTheExpiry() throws {
        let f = try StoreFixture(tokenLifetime: 3600)
        let issued = try f.store.createToken(userID: try f.user().id)
        for _ in 0..<5 {
            f.clock.advance(by: 3000)
            #expect(try f.store.authenticate(token: issued.token) != nil)
        }
        f.clock.advance(by: 3601)
        #expect(try f.store.authenticate(token: issued.token) == nil)
    }

    @Test func usesWithinAMinuteDoNotMoveTheExpiry() throws {
        let f = try StoreFixture(tokenLifetime: 3600)
        let issued = try f.store.createToken(userID: try f.user().id)
        f.clock.advance(by: 30)
        #expect(try f.store.authenticate(token: issued.token) != nil)
        f.clock.advance(by: 3570)
        #expect(try f.store.authenticate(token: issued.token) == nil)
    }

    @Test func deleteTokenRevokesOnlyThatToken() throws {
        let f = try StoreFixture()
        let user = try f.user()
        let first = try f.store.createToken(userID: user.id)
        let second = try f.store.createToken(userID: user.id)
        try f.store.deleteToken(first.token)
        try f.store.deleteToken(first.token)
        #expect(try f.store.authenticate(token: first.token) == nil)
        #expect(try f.store.authenticate(token: second.token) == user)
    }

    @Test func deleteExpiredTokensRemovesOnlyExpiredOnes() throws {
        let f = try StoreFixture(tokenLifetime: 100)
        let user = try f.user()
        try f.store.createToken(userID: user.id)
        f.clock.advance(by: 50)
        let fresh = try f.store.createToken(userID: user.id)
        f.clock.advance(by: 60)
        #expect(try f.store.deleteExpiredTokens() == 1)
        #expect(try f.store.authenticate(token: fresh.token) == user)
    }

    @Test func onlyTheDigestIsStored() throws {
        let f = try StoreFixture()
        let issued = try f.store.createToken(userID: try f.user().id)
        f.sqlite.close()
        let db = try SQLiteDatabase(path: f.dir.database)
        let stored = try db.query("SELECT token_hash FROM tokens").map { try $0.string("token_hash") }
        #expect(stored == [SHA256.hex(issued.token)])
    }

    @Test func tokenForUnknownUserIsNotFound() throws {
        let f = try StoreFixture()
        let error = #expect(throws: ExoError.self) { try f.store.createToken(userID: 42) }
        #expect(error?.code == .notFound)
    }

    @Test func concurrentAuthenticationFromManyThreads() throws {
        let f = try StoreFixture()
        let user = try f.user()
        let tokens = try (0..<4).map { _ in try f.store.createToken(userID: user.id).token }
        let store = f.store
        DispatchQueue.concurrentPerform(iterations: 8) { index in
            for _ in 0..<25 { _ = try? store.authenticate(token: tokens[index % tokens.count]) }
        }
        for token in tokens { #expect(try store.authenticate(token: token) == user) }
    }
}
