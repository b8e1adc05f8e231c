import ExoCore
import ExoStore
import Testing

struct DeploymentStoreTests {
    @Test func newDeploymentIsNotDeployedWithOneSmallBox() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        let dep = try f.store.createDeployment(app: app.name, name: .default)
        #expect(dep.qualifiedName == "hello/default")
        #expect(dep.appID == app.id)
        #expect(dep.state == .notDeployed)
        #expect(dep.state.rawValue == "not deployed")
        #expect(dep.version == "-1")
        #expect(dep.deployedVersion == nil)
        #expect(dep.minBoxes == 1)
        #expect(dep.maxBoxes == 1)
        #expect(dep.stack == "pinky")
        #expect(dep.dateCreated == f.clock.now)
        #expect(dep.depID.count == 11)
        #expect(dep.depID.hasPrefix("dep"))
        #expect(dep.depID.dropFirst(3).allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        #expect(try f.store.deployment(app: app.name, name: .default) == dep)
        #expect(try f.store.deployment(depID: dep.depID) == dep)
    }

    @Test func depIDsDiffer() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        let a = try f.store.createDeployment(app: app.name, name: .default)
        let b = try f.store.createDeployment(app: app.name, name: DeploymentName("dev"), stack: "other")
        #expect(a.depID != b.depID)
        #expect(b.stack == "other")
    }

    @Test func deploymentNamesAreUniquePerApp() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        try f.app("one", owner: ann)
        try f.app("two", owner: ann)
        try f.store.createDeployment(app: AppName("one"), name: .default)
        try f.store.createDeployment(app: AppName("two"), name: .default)
        let error = #expect(throws: ExoError.self) { try f.store.createDeployment(app: AppName("one"), name: .default) }
        #expect(error?.code == .conflict)
        #expect(error?.message == "A deployment with this name already exists.")
    }

    @Test func deploymentNeedsItsApp() throws {
        let f = try StoreFixture()
        #expect(throws: ExoError.notFound("The application does not exist.")) {
            try f.store.createDeployment(app: AppName("ghost"), name: .default)
        }
    }

    @Test func updateSavesDesiredAndObservedState() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        var dep = try f.store.createDeployment(app: app.name, name: .default)
        f.clock.advance(by: 10)
        dep.version = "0123456789abcdef0123456789abcdef01234567"
        dep.deployedVersion = dep.version
        dep.state = .deployed
        dep.minBoxes = 3
        dep.maxBoxes = 8
        let saved = try f.store.updateDeployment(dep)
        #expect(saved.version == dep.version)
        #expect(saved.deployedVersion == dep.version)
        #expect(saved.state == .deployed)
        #expect(saved.minBoxes == 3)
        #expect(saved.maxBoxes == 8)
        #expect(saved.dateModified == f.clock.now)
        #expect(try f.store.deployment(app: app.name, name: .default) == saved)
    }

    @Test(arguments: [0, 9])
    func memoryOutsideOneToEightBoxesIsInvalid(_ boxes: Int) throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        var dep = try f.store.createDeployment(app: app.name, name: .default)
        dep.maxBoxes = boxes
        #expect(throws: ExoError.invalid("max_boxes", MemorySize.invalidSizeMessage)) { try f.store.updateDeployment(dep) }
    }

    @Test func listsDeploymentsPerAppAndAll() throws {
        let f = try StoreFixture()
        let ann = try f.user()
        try f.app("one", owner: ann)
        try f.app("two", owner: ann)
        try f.store.createDeployment(app: AppName("one"), name: DeploymentName("dev"))
        try f.store.createDeployment(app: AppName("one"), name: .default)
        try f.store.createDeployment(app: AppName("two"), name: .default)
        #expect(try f.store.deployments(app: AppName("one")).map(\.name.rawValue) == ["default", "dev"])
        #expect(try f.store.allDeployments().map(\.qualifiedName) == ["one/default", "one/dev", "two/default"])
    }

    @Test func deleteRemovesOnlyThatDeployment() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        try f.store.createDeployment(app: app.name, name: .default)
        try f.store.createDeployment(app: app.name, name: DeploymentName("dev"))
        try f.store.deleteDeployment(app: app.name, name: DeploymentName("dev"))
        #expect(try f.store.deployments(app: app.name).map(\.name) == [.default])
        #expect(throws: ExoError.notFound("The deployment does not exist.")) {
            try f.store.deleteDeployment(app: app.name, name: DeploymentName("dev"))
        }
    }
}
