import ExoController
import ExoCore
import ExoStore
import ExoSystem
import Foundation
import Testing

struct AppServiceTests {
    @Test func creatingAnAppStoresItAndMakesABareRepositoryWithTheHook() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let app = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        #expect(app.name.rawValue == "shop")
        #expect(app.ownerID == bob.userID)
        #expect(try f.store.app(named: AppName("shop")) == app)

        let repo = f.apps.repositoryPath(of: app)
        #expect(repo == f.paths.repo(app: "shop"))
        let head = try String(contentsOfFile: repo + "/HEAD", encoding: .utf8)
        #expect(head == "ref: refs/heads/master\n")
        let hook = repo + "/hooks/pre-receive"
        #expect(FileManager.default.isExecutableFile(atPath: hook))
        #expect(try String(contentsOfFile: hook, encoding: .utf8).contains("/bin/true"))
    }

    @Test func aCustomAppKeepsItsBuildpackURL() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let url = "https://example.com/buildpack.git"
        let app = try f.apps.create(name: "shop", type: "custom", buildpackURL: url, repositoryType: "git", by: bob)
        #expect(app.type == "custom")
        #expect(app.buildpackURL == url)
    }

    /// Each refused creation names the field and leaves neither a record nor a repository behind.
    @Test(arguments: [
        ("1shop", "python", nil, "git", "name"),
        ("Shop", "python", nil, "git", "name"),
        ("my-shop", "python", nil, "git", "name"),
        ("", "python", nil, "git", "name"),
        ("shop", "cobol", nil, "git", "type"),
        ("shop", "custom", nil, "git", "buildpack_url"),
        ("shop", "custom", "file:///etc", "git", "buildpack_url"),
        ("shop", "custom", "ext::sh -c touch% /tmp/pwned", "git", "buildpack_url"),
        ("shop", "custom", "--upload-pack=touch /tmp/pwned", "git", "buildpack_url"),
        ("shop", "custom", "https://example.com/bp.git#--upload-pack=x", "git", "buildpack_url"),
        ("shop", "custom", "https://example.com/bp.git\n--upload-pack=x", "git", "buildpack_url"),
        ("shop", "python", "https://example.com/bp.git", "git", "buildpack_url"),
        ("shop", "python", nil, "bzr", "repository_type"),
    ] as [(String, String, String?, String, String)])
    func badInputIsRefusedNamingTheField(_ name: String, _ type: String, _ buildpackURL: String?,
                                         _ repositoryType: String, _ field: String) throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let error = #expect(throws: ExoError.self) {
            try f.apps.create(name: name, type: type, buildpackURL: buildpackURL, repositoryType: repositoryType, by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == field)
        #expect(try f.store.allApps().isEmpty)
        #expect(try Files.listDirectory(f.paths.repos).isEmpty)
    }

    @Test func aTakenNameIsAConflictEvenForAnotherUser() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let alice = try f.principal("alice")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        let error = #expect(throws: ExoError.self) {
            try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: alice)
        }
        #expect(error?.code == .conflict)
        #expect(try f.store.app(named: AppName("shop"))?.ownerID == bob.userID)
    }

    @Test func aUserListsOnlyTheirOwnApps() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let alice = try f.principal("alice")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        _ = try f.apps.create(name: "blog", type: "python", buildpackURL: nil, repositoryType: "git", by: alice)
        #expect(try f.apps.list(by: bob).map(\.name.rawValue) == ["shop"])
        #expect(try f.apps.list(by: alice).map(\.name.rawValue) == ["blog"])
    }

    @Test func anotherUsersAppIsForbiddenAndAnUnknownAppIsNotFound() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let alice = try f.principal("alice")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        #expect(try f.apps.app(named: "shop", by: bob).name.rawValue == "shop")
        let foreign = #expect(throws: ExoError.self) { try f.apps.app(named: "shop", by: alice) }
        #expect(foreign?.code == .forbidden)
        for name in ["ghost", "Not A Name"] {
            let unknown = #expect(throws: ExoError.self) { try f.apps.app(named: name, by: bob) }
            #expect(unknown?.code == .notFound)
            #expect(unknown?.message == "This application is unknown.")
        }
    }

    @Test func deletingAnAppRemovesItsRecordRepositoryAndLogDirectory() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let app = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        try Files.makeDirectory(f.paths.logs + "/shop")   // left empty by the undeploys before
        try f.apps.delete(named: "shop", by: bob)
        #expect(try f.store.app(named: app.name) == nil)
        #expect(!FileManager.default.fileExists(atPath: f.paths.repo(app: "shop")))
        #expect(!FileManager.default.fileExists(atPath: f.paths.logs + "/shop"))
    }

    @Test func deletingAnAppWithDeploymentsIsRefusedAndKeepsEverything() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let app = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        try f.store.createDeployment(app: app.name, name: .default)
        let error = #expect(throws: ExoError.self) { try f.apps.delete(named: "shop", by: bob) }
        #expect(error?.code == .invalidInput)
        #expect(error?.message == "You have to undeploy all related deployments, before you can delete the application.")
        #expect(try f.store.app(named: app.name) != nil)
        #expect(FileManager.default.fileExists(atPath: f.paths.repo(app: "shop") + "/HEAD"))
    }

    @Test func deletingAnotherUsersAppIsForbidden() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let alice = try f.principal("alice")
        let app = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        let error = #expect(throws: ExoError.self) { try f.apps.delete(named: "shop", by: alice) }
        #expect(error?.code == .forbidden)
        #expect(try f.store.app(named: app.name) != nil)
    }

    @Test func theOwnerOfAnAppIsItsCreator() throws {
        let f = try ControllerFixture()
        defer { f.tearDown() }
        let bob = try f.principal("bob")
        let app = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        #expect(try f.apps.owner(of: app)?.username.rawValue == "bob")
    }
}
