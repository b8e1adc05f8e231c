import ExoCore
import ExoStore
import Testing

struct UserStoreTests {
    @Test func createsAndFindsUsersByIdNameAndEmail() throws {
        let f = try StoreFixture()
        let created = try f.store.createUser(NewUser(
            username: UserName("ann"), email: EmailAddress("ann@example.com"), passwordHash: "hash",
            firstName: "Ann", lastName: "Lee", isActive: false, activationCode: "code123"))
        #expect(created.username.rawValue == "ann")
        #expect(created.isActive == false)
        #expect(created.activationCode == "code123")
        #expect(created.dateCreated == f.clock.now)
        #expect(try f.store.user(id: created.id) == created)
        #expect(try f.store.user(named: UserName("ann")) == created)
        #expect(try f.store.user(email: EmailAddress("ANN@example.com")) == created)
        #expect(try f.store.user(named: UserName("bob")) == nil)
        #expect(try f.store.allUsers() == [created])
    }

    @Test func usernameAndEmailAreUniqueIgnoringCase() throws {
        let f = try StoreFixture()
        try f.user("ann", email: "ann@example.com")
        let byName = #expect(throws: ExoError.self) { try f.user("Ann", email: "other@example.com") }
        #expect(byName?.code == .conflict)
        #expect(byName?.field == "username")
        let byEmail = #expect(throws: ExoError.self) { try f.user("bob", email: "Ann@Example.com") }
        #expect(byEmail?.code == .conflict)
        #expect(byEmail?.field == "email")
        #expect(try f.store.allUsers().count == 1)
    }

    @Test func updateSavesFieldsAndBumpsModificationDate() throws {
        let f = try StoreFixture()
        var user = try f.user()
        f.clock.advance(by: 60)
        user.isActive = false
        user.activationCode = nil
        user.firstName = "Annie"
        user.email = try EmailAddress("annie@example.com")
        let saved = try f.store.updateUser(user)
        #expect(saved.firstName == "Annie")
        #expect(saved.email.rawValue == "annie@example.com")
        #expect(saved.dateModified == f.clock.now)
        #expect(saved.dateCreated == user.dateCreated)
        #expect(try f.store.user(id: user.id) == saved)
    }

    @Test func updateOfAMissingUserIsNotFound() throws {
        let f = try StoreFixture()
        var user = try f.user()
        user.id += 100
        #expect(throws: ExoError.notFound("This username is unknown.")) { try f.store.updateUser(user) }
    }

    @Test func deleteRemovesTheUserAndTheirTokens() throws {
        let f = try StoreFixture()
        let user = try f.user()
        let token = try f.store.createToken(userID: user.id)
        try f.store.deleteUser(id: user.id)
        #expect(try f.store.user(id: user.id) == nil)
        #expect(try f.store.authenticate(token: token.token) == nil)
        #expect(throws: ExoError.self) { try f.store.deleteUser(id: user.id) }
    }

    @Test func deletingAUserWhoOwnsAppsIsRefused() throws {
        let f = try StoreFixture()
        let user = try f.user()
        try f.app(owner: user)
        let error = #expect(throws: ExoError.self) { try f.store.deleteUser(id: user.id) }
        #expect(error?.code == .conflict)
        #expect(try f.store.user(id: user.id) != nil)
    }
}
