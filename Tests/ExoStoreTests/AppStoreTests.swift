import ExoCore
import ExoStore
import Testing

struct AppStoreTests {
    @Test func createsAppsWithOwnerAndDefaults() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        let app = try f.store.createApp(NewApp(name: AppName("hello"), type: "custom",
                                               buildpackURL: "https://example.com/bp.git#main", ownerID: ann.id))
        #expect(app.name.rawValue == "hello")
        #expect(app.type == "custom")
        #expect(app.buildpackURL == "https://example.com/bp.git#main")
        #expect(app.owner == ann.username)
        #expect(app.ownerID == ann.id)
        #expect(app.repositoryType == "git")
        #expect(app.dateCreated == f.clock.now)
        #expect(try f.store.app(named: AppName("hello")) == app)
        #expect(try f.store.app(named: AppName("other")) == nil)
    }

    @Test func appNamesAreUnique() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        let bob = try f.user("bob")
        try f.app("hello", owner: ann)
        let error = #expect(throws: ExoError.self) { try f.app("hello", owner: bob) }
        #expect(error?.code == .conflict)
        #expect(error?.field == "name")
        #expect(error?.message == "An app with this name already exists.")
    }

    @Test func listsAppsByOwnerAndAll() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        let bob = try f.user("bob")
        try f.app("zeta", owner: ann)
        try f.app("alpha", owner: ann)
        try f.app("bobs", owner: bob)
        #expect(try f.store.apps(ownedBy: ann.id).map(\.name.rawValue) == ["alpha", "zeta"])
        #expect(try f.store.allApps().map(\.name.rawValue) == ["alpha", "bobs", "zeta"])
    }

    @Test func appOfUnknownOwnerIsNotFound() throws {
        let f = try StoreFixture()
        let error = #expect(throws: ExoError.self) {
            try f.store.createApp(NewApp(name: AppName("x"), type: "python", ownerID: 99))
        }
        #expect(error?.code == .notFound)
    }

    @Test func updateChangesTypeAndBuildpack() throws {
        let f = try StoreFixture()
        var app = try f.app(owner: try f.user())
        f.clock.advance(by: 5)
        app.type = "custom"
        app.buildpackURL = "https://example.com/bp.git"
        let saved = try f.store.updateApp(app)
        #expect(saved.type == "custom")
        #expect(saved.buildpackURL == "https://example.com/bp.git")
        #expect(saved.dateModified == f.clock.now)
    }

    @Test func deletingAnAppWithDeploymentsIsRefused() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        try f.store.createDeployment(app: app.name, name: .default)
        let error = #expect(throws: ExoError.self) { try f.store.deleteApp(named: app.name) }
        #expect(error?.code == .conflict)
        #expect(try f.store.app(named: app.name) != nil)
        #expect(try f.store.deployment(app: app.name, name: .default) != nil)
    }

    @Test func deletingAnAppRemovesItsImages() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        try f.store.saveImage(NewImage(app: app.name, deployment: .default, sha: "abc", path: "/x", size: 1, procfile: ""))
        try f.store.deleteApp(named: app.name)
        #expect(try f.store.app(named: app.name) == nil)
        #expect(try f.store.images(app: app.name, deployment: .default).isEmpty)
        #expect(throws: ExoError.notFound("The application does not exist.")) { try f.store.deleteApp(named: app.name) }
    }
}
