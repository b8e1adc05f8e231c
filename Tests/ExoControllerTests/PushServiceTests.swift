import ExoController
import ExoCore
import ExoGit
import ExoStore
import Synchronization
import Testing

/// The refusals of a push, decided before anything is exported or built (builds are ScenarioTests' job).
struct PushServiceTests {
    static let sha = String(repeating: "1f", count: 20)

    static func push(app: String = "shop", ref: String = "refs/heads/master", new: String = sha,
                     pusher: String = "bob") -> PushRequest {
        PushRequest(app: app, ref: ref, old: String(repeating: "0", count: 40), new: new, pusher: pusher, objectEnvironment: [:])
    }

    /// Runs a push that must be refused; returns the error and checks nothing was built or stored.
    static func refused(_ f: ControllerFixture, _ push: PushRequest,
                        sourceLocation: SourceLocation = #_sourceLocation) throws -> ExoError? {
        let lines = Mutex<[String]>([])
        let error = #expect(throws: ExoError.self, sourceLocation: sourceLocation) {
            try f.pushes.handle(push) { line in lines.withLock { $0.append(line) } }
        }
        #expect(lines.withLock { $0 }.isEmpty, "a refused push prints nothing before the reason", sourceLocation: sourceLocation)
        #expect(f.runtime.startCount == 0, sourceLocation: sourceLocation)
        if let app = try? AppName(push.app) {
            #expect(try f.store.images(app: app, deployment: .default).isEmpty, sourceLocation: sourceLocation)
        }
        return error
    }

    static func withDeployment() throws -> ControllerFixture {
        let f = try ControllerFixture()
        let bob = try f.principal("bob")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        return f
    }

    @Test func aPushToAnUnknownAppIsNotFound() throws {
        let f = try Self.withDeployment()
        defer { f.tearDown() }
        #expect(try Self.refused(f, Self.push(app: "ghost"))?.code == .notFound)
        #expect(try Self.refused(f, Self.push(app: "../etc"))?.code == .notFound)
    }

    @Test func onlyTheOwnerMayPush() throws {
        let f = try Self.withDeployment()
        defer { f.tearDown() }
        try f.principal("alice")
        #expect(try Self.refused(f, Self.push(pusher: "alice"))?.code == .forbidden)
    }

    @Test(arguments: ["refs/tags/v1", "refs/heads/default", "refs/heads/Bad_Branch", "master"])
    func aRefThatNamesNoDeploymentIsRefused(_ ref: String) throws {
        let f = try Self.withDeployment()
        defer { f.tearDown() }
        let error = try Self.refused(f, Self.push(ref: ref))
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "ref")
    }

    @Test func deletingABranchIsRefused() throws {
        let f = try Self.withDeployment()
        defer { f.tearDown() }
        let error = try Self.refused(f, Self.push(new: String(repeating: "0", count: 40)))
        #expect(error?.field == "ref")
        #expect(error?.message.contains("undeploy") == true)
    }

    @Test func aBranchWithoutItsDeploymentIsNotFoundAndSaysHowToCreateIt() throws {
        let f = try Self.withDeployment()
        defer { f.tearDown() }
        let error = try Self.refused(f, Self.push(ref: "refs/heads/staging"))
        #expect(error?.code == .notFound)
        #expect(error?.message.contains("exoapp shop/staging push") == true)
    }
}
