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
