@testable import ExoController
import ExoCore
import ExoStore
import ExoSystem
import Synchronization
import Testing

/// A deploy whose containers do not come up leaves a line in the deploy log (level ERROR): which
/// version, why, and the app's last output, like the API's error.
struct DeployFailureLogTests {
    final class Recorder: Sendable {
        let lines = Mutex<[(key: String, message: String)]>([])
        func record(_ key: String, _ message: String) { lines.withLock { $0.append((key, message)) } }
        var messages: [String] { lines.withLock { $0.map(\.message) } }
    }

    /// The fixture's store and app, with apps that never listen on $PORT and a failure recorder.
    private func service(_ f: ControllerFixture, _ recorder: Recorder) -> (DeploymentService, FakeAppRuntime) {
        let runtime = FakeAppRuntime()
        runtime.listens = false
        let reconciler = Reconciler(paths: f.paths, runtime: runtime, routes: RoutePublisher(),
                                    ports: PortAllocator(range: 21800...21807), bootTimeout: 0.5)
        let service = DeploymentService(store: f.store, apps: f.apps, reconciler: reconciler, paths: f.paths,
                                        naming: DeploymentNaming(domain: "app.localhost", routerPort: 8080),
                                        deployFailed: { recorder.record($0, $1) })
        return (service, runtime)
    }

    @Test func aDeployThatNeverListensIsReportedWithVersionReasonAndLastOutput() throws {
        let (f, bob) = try DeploymentServiceTests.withApp()
        defer { f.tearDown() }
        let recorder = Recorder()
        let (deployments, _) = service(f, recorder)
        _ = try deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        try DeploymentServiceTests.saveImage(f)
        let error = #expect(throws: ExoError.self) {
            try deployments.deploy(app: "shop", name: "default", order: DeployOrder(), by: bob)
        }
        let lines = recorder.lines.withLock { $0 }
        #expect(lines.count == 1)
        #expect(lines.first?.key == "shop/default")
        let message = try #require(lines.first?.message)
        #expect(message.hasPrefix("Deploying version \(DeploymentServiceTests.sha) failed: The web process did not listen on $PORT"))
        #expect(message.contains("Its last output:\n  fake app on port 218"), "\(message)")
        #expect(message.hasSuffix(try #require(error?.message)))
        #expect(!message.contains("Deployed version"))
    }

    @Test func refusedOrdersAreNotDeployFailures() throws {
        let (f, bob) = try DeploymentServiceTests.withApp()
        defer { f.tearDown() }
        let recorder = Recorder()
        let (deployments, runtime) = service(f, recorder)
        _ = try deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        #expect(throws: ExoError.self) {
            try deployments.deploy(app: "shop", name: "default", order: DeployOrder(), by: bob)
        }
        #expect(runtime.startCount == 0)
        #expect(recorder.messages.isEmpty)
    }

    @Test func appOutputNamingDeployedVersionCannotFoolRollback() throws {
        let error = ExoError.unavailable("The web process exited. Its last output:\n  Deployed version: 1234")
        let line = DeploymentService.failure("Deploying version abc", error)
        #expect(!line.contains("Deployed version"))
        #expect(line.contains("1234"))
    }
}
