import ExoCore
import ExoStore
import Testing

struct AliasStoreTests {
    @Test func aliasesAreListedByNameAndFoundByNameOnAnyDeployment() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        try f.store.createAlias(deploymentID: dep.id, name: try AliasName("www.example.com"), verificationCode: "c1")
        try f.store.createAlias(deploymentID: dep.id, name: try AliasName("*.example.com"), verificationCode: "c2")
        #expect(try f.store.aliases(deploymentID: dep.id).map(\.name.rawValue) == ["*.example.com", "www.example.com"])
        let found = try #require(try f.store.alias(named: try AliasName("WWW.example.com")))
        #expect(found.deploymentID == dep.id)
        #expect(found.verificationCode == "c1")
        #expect(try f.store.alias(named: try AliasName("api.example.com")) == nil)
    }

    @Test func aNameIsUniqueAcrossDeploymentsAndApps() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        let first = try f.store.createDeployment(app: try f.app("one", owner: ann).name, name: .default)
        let second = try f.store.createDeployment(app: try f.app("two", owner: ann).name, name: .default)
        try f.store.createAlias(deploymentID: first.id, name: try AliasName("www.example.com"), verificationCode: "c")
        let error = #expect(throws: ExoError.self) {
            try f.store.createAlias(deploymentID: second.id, name: try AliasName("www.example.com"), verificationCode: "c")
        }
        #expect(error?.code == .conflict)
        #expect(error?.field == "name")
        #expect(try f.store.aliases(deploymentID: second.id).isEmpty)
    }

    /// Aliases are not DNS-verified, so a user can neither slip a name under another user's
    /// wildcard nor lay a wildcard over another user's names; their own apps may nest freely.
    @Test func anAliasOverlappingAnotherOwnersAliasIsRefusedButNotOneOfTheSameOwner() throws {
        let f = try StoreFixture()
        let ann = try f.user("ann", email: "ann@example.com")
        let bob = try f.user("bob", email: "bob@example.com")
        let annsShop = try f.store.createDeployment(app: try f.app("shop", owner: ann).name, name: .default)
        let annsBlog = try f.store.createDeployment(app: try f.app("blog", owner: ann).name, name: .default)
        let bobsApp = try f.store.createDeployment(app: try f.app("bobapp", owner: bob).name, name: .default)
        try f.store.createAlias(deploymentID: annsShop.id, name: try AliasName("*.hello.example"), verificationCode: "c")
        try f.store.createAlias(deploymentID: annsShop.id, name: try AliasName("www.other.example"), verificationCode: "c")

        for name in ["x.hello.example", "a.b.hello.example", "*.x.hello.example", "*.other.example"] {
            let error = #expect(throws: ExoError.self, "\(name)") {
                try f.store.createAlias(deploymentID: bobsApp.id, name: try AliasName(name), verificationCode: "c")
            }
            #expect(error?.code == .conflict, "\(name)")
            #expect(error?.field == "name")
            #expect(error?.message.contains("overlaps an alias of another user's app") == true, "\(name): \(String(describing: error))")
        }
        #expect(try f.store.aliases(deploymentID: bobsApp.id).isEmpty)
        // Next to them, and the apex of a wildcard, are Bob's to take; nested names are Ann's.
        for name in ["hello.example", "api.other.example", "*.bob.example"] {
            try f.store.createAlias(deploymentID: bobsApp.id, name: try AliasName(name), verificationCode: "c")
        }
        try f.store.createAlias(deploymentID: annsBlog.id, name: try AliasName("blog.hello.example"), verificationCode: "c")
        #expect(try f.store.aliases(deploymentID: bobsApp.id).count == 3)
    }

    @Test func deletingAnUnknownAliasOrAddingToNoDeploymentIsNotFound() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        #expect(throws: ExoError.notFound("This alias is unknown.")) {
            try f.store.deleteAlias(deploymentID: dep.id, name: try AliasName("www.example.com"))
        }
        #expect(throws: ExoError.notFound("The deployment does not exist.")) {
            try f.store.createAlias(deploymentID: 9999, name: try AliasName("www.example.com"), verificationCode: "c")
        }
    }

    @Test func aliasesGoWithTheirDeploymentAndSurviveAReopen() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        let dep = try f.store.createDeployment(app: app.name, name: .default)
        let dev = try f.store.createDeployment(app: app.name, name: try DeploymentName("dev"))
        try f.store.createAlias(deploymentID: dep.id, name: try AliasName("www.example.com"), verificationCode: "c")
        try f.store.createAlias(deploymentID: dev.id, name: try AliasName("dev.example.com"), verificationCode: "c")
        let reopened = try f.reopen()
        #expect(try reopened.aliases(deploymentID: dep.id).map(\.name.rawValue) == ["www.example.com"])
        try reopened.deleteDeployment(app: app.name, name: try DeploymentName("dev"))
        #expect(try reopened.alias(named: try AliasName("dev.example.com")) == nil)
        #expect(try reopened.alias(named: try AliasName("www.example.com")) != nil)
    }
}
