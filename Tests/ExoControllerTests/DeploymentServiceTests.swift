import ExoController
import ExoCore
import ExoStore
import ExoSystem
import Foundation
import Testing

struct DeploymentServiceTests {
    static let sha = String(repeating: "ab", count: 20)

    /// A fixture with user bob owning app `shop`.
    static func withApp() throws -> (ControllerFixture, Principal) {
        let f = try ControllerFixture()
        let bob = try f.principal("bob")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        return (f, bob)
    }

    /// Records an image for shop/default; the tarball is real but empty (an app cannot start from it).
    @discardableResult
    static func saveImage(_ f: ControllerFixture, sha: String = sha) throws -> ImageRecord {
        let path = f.paths.image(app: "shop", dep: "default", sha: sha)
        let content = f.directory.path + "/image-content"
        try Files.makeDirectory(content)
        try Files.makeDirectory(Files.parentDirectory(of: path))
        try Command.run(["tar", "--create", "--gzip", "--file", path, "--directory", content, "."])
        return try f.store.saveImage(NewImage(app: AppName("shop"), deployment: .default, sha: sha, path: path,
                                              size: 1, procfile: "web: true\n"))
    }

    @Test func aNewDeploymentIsNotDeployedWithVersionMinusOneOnTheDefaultStack() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        for stack in [nil, ""] as [String?] {
            let name = stack == nil ? "default" : "dev"
            let deployment = try f.deployments.create(app: "shop", name: name, stack: stack, by: bob)
            #expect(deployment.state == .notDeployed)
            #expect(deployment.version == "-1")
            #expect(deployment.stack == "pinky")
            #expect(deployment.minBoxes == 1 && deployment.maxBoxes == 1)
        }
        #expect(try f.deployments.list(app: "shop", by: bob).map(\.name.rawValue).sorted() == ["default", "dev"])
    }

    @Test func creatingAnExistingDeploymentIsAConflict() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        }
        #expect(error?.code == .conflict)
        #expect(error?.message == "This deployment already exists.")
    }

    @Test func anUnknownStackIsRefusedNamingTheField() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let error = #expect(throws: ExoError.self) {
            try f.deployments.create(app: "shop", name: "default", stack: "luigi", by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "stack")
        #expect(try f.store.deployments(app: AppName("shop")).isEmpty)
    }

    @Test func anInvalidDeploymentNameIsRefused() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let error = #expect(throws: ExoError.self) {
            try f.deployments.create(app: "shop", name: "Bad_Name", stack: nil, by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "name")
    }

    @Test func deploymentsOfUnknownOrForeignAppsAreNotFoundOrForbidden() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let alice = try f.principal("alice")
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        let unknownApp = #expect(throws: ExoError.self) {
            try f.deployments.create(app: "ghost", name: "default", stack: nil, by: bob)
        }
        #expect(unknownApp?.code == .notFound)
        let foreign = #expect(throws: ExoError.self) {
            try f.deployments.deployment(app: "shop", name: "default", by: alice)
        }
        #expect(foreign?.code == .forbidden)
        let unknownDeployment = #expect(throws: ExoError.self) {
            try f.deployments.deployment(app: "shop", name: "staging", by: bob)
        }
        #expect(unknownDeployment?.code == .notFound)
        #expect(unknownDeployment?.message == "This deployment is unknown.")
    }

    @Test func deployingWithoutAnImageIsRefusedNamingVersionAndTheBranch() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: "-1"), by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "version")
        #expect(error?.message.contains("'master'") == true)
        try Self.expectUnchanged(f, before)
    }

    @Test(arguments: ["abc", "abcdef", String(repeating: "g", count: 40), String(repeating: "a", count: 41), "HEAD"])
    func aMalformedVersionIsRefused(_ version: String) throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: version), by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "version")
        #expect(error?.message == DeploymentService.malformedVersionMessage)
        try Self.expectUnchanged(f, before)
    }

    /// An image whose commit is not in the repository: its push built it and then lost the race
    /// for the branch (git dropped the quarantined objects).
    @Test func anImageOfACommitThatNeverReachedTheRepositoryIsNotDeployable() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: Self.sha), by: bob)
        }
        #expect(error?.field == "version")
        #expect(error?.message == "Version \(Self.sha) was built, but its push was not accepted (another push reached the branch first). Push it again to deploy it.")
        #expect(f.runtime.startCount == 0)
        try Self.expectUnchanged(f, before)
    }

    /// The push output shows 12 characters of the SHA: a unique prefix of 7 or more names its image.
    @Test func aVersionPrefixNamesTheOneImageItBeginsAndAnAmbiguousOneIsRefused() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let unique = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: "ABABABA"), by: bob)
        }
        // Resolved to the full SHA (which the repository then lacks: this fixture has no commits).
        #expect(unique?.message == "Version \(Self.sha) was built, but its push was not accepted (another push reached the branch first). Push it again to deploy it.")
        try Self.saveImage(f, sha: "abababab" + String(repeating: "cd", count: 16))
        let ambiguous = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: "abababab"), by: bob)
        }
        #expect(ambiguous?.field == "version")
        #expect(ambiguous?.message.contains("is ambiguous: 2 versions") == true, "\(String(describing: ambiguous))")
        let unknown = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: "cdcdcdc"), by: bob)
        }
        #expect(unknown?.message.contains("There is no image of version cdcdcdc") == true)
        try Self.expectUnchanged(f, before)
    }

    @Test func aWellFormedVersionWithoutAnImageIsRefused() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let other = String(repeating: "cd", count: 20)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(version: other), by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "version")
        #expect(error?.message.contains(other) == true)
        try Self.expectUnchanged(f, before)
    }

    @Test(arguments: [0, 9, -1, 100])
    func anOutOfRangeContainerCountIsRefusedAsMinBoxes(_ containers: Int) throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(containers: containers), by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "min_boxes")
        try Self.expectUnchanged(f, before)
    }

    @Test(arguments: [0, 9, -3])
    func anOutOfRangeMemorySizeIsRefusedAsMaxBoxesOverMaxProcessLimit(_ boxes: Int) throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(memoryBoxes: boxes), by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "max_boxes_over_max_process_limit")
        #expect(error?.message == MemorySize.invalidMemoryMessage)
        try Self.expectUnchanged(f, before)
    }

    @Test func anUnknownStackInADeployIsRefused() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(stack: "luigi"), by: bob)
        }
        #expect(error?.field == "stack")
        try Self.expectUnchanged(f, before)
    }

    @Test func aDeployWhoseContainerCannotStartLeavesTheStoredStateAndRoutesUnchanged() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let before = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try f.deployments.deploy(app: "shop", name: "default", order: DeployOrder(containers: 2, memoryBoxes: 2), by: bob)
        }
        #expect(error != nil)
        #expect(f.runtime.startCount == 1)
        #expect(try f.store.deployment(app: before.app, name: before.name) == before)
        #expect(f.routes.current.version == f.initialRouteVersion)
        #expect(f.reconciler.backends(of: "shop/default").isEmpty)
        // Nothing of the failed container is left behind on disk.
        #expect(try Files.listDirectory(f.paths.containers).isEmpty)
    }

    @Test func undeployingRemovesTheDeploymentSoTheAppCanBeDeleted() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try Self.saveImage(f)
        try f.deployments.undeploy(app: "shop", name: "default", by: bob)
        #expect(try f.store.deployments(app: AppName("shop")).isEmpty)
        #expect(try f.store.images(app: AppName("shop"), deployment: .default).isEmpty)
        try f.apps.delete(named: "shop", by: bob)
        #expect(try f.store.app(named: AppName("shop")) == nil)
    }

    @Test func undeployingAnotherUsersDeploymentIsForbidden() throws {
        let (f, bob) = try Self.withApp()
        defer { f.tearDown() }
        let alice = try f.principal("alice")
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        let error = #expect(throws: ExoError.self) { try f.deployments.undeploy(app: "shop", name: "default", by: alice) }
        #expect(error?.code == .forbidden)
        #expect(try f.store.deployments(app: AppName("shop")).count == 1)
    }

    /// A refused deploy changes nothing: same stored record, no container started, no route published.
    static func expectUnchanged(_ f: ControllerFixture, _ before: DeploymentRecord,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try f.store.deployment(app: before.app, name: before.name) == before, sourceLocation: sourceLocation)
        #expect(f.runtime.startCount == 0, sourceLocation: sourceLocation)
        #expect(f.routes.current.version == f.initialRouteVersion, sourceLocation: sourceLocation)
    }
}
