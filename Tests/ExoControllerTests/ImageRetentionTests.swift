import ExoController
import ExoCore
import ExoStore
import ExoSystem
import Foundation
import Testing

struct ImageRetentionTests {
    static func sha(_ n: Int) -> String { String(format: "%040x", n) }

    /// Images 1…count, image n built n minutes after the first.
    static func images(_ count: Int) throws -> [ImageRetention.Image] {
        (1...count).map { n in ImageRetention.Image(sha: sha(n), built: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 60)) }
    }

    @Test func theNewestImagesAreKeptAndOlderOnesExpire() throws {
        let expired = ImageRetention(keep: 3).expired(try Self.images(5), recentlyDeployed: [], inUse: [])
        #expect(expired == [Self.sha(1), Self.sha(2)])
    }

    @Test func versionsInUseAndRecentlyDeployedOnesAreKeptHoweverOld() throws {
        let expired = ImageRetention(keep: 2).expired(try Self.images(8), recentlyDeployed: [Self.sha(2), Self.sha(2), Self.sha(3)],
                                                      inUse: [Self.sha(1)])
        #expect(expired == [Self.sha(4), Self.sha(5), Self.sha(6)])
    }

    @Test func onlyTheLastKeepDistinctDeployedVersionsCount() throws {
        let deployed = [Self.sha(3), Self.sha(2), Self.sha(1)]
        let expired = ImageRetention(keep: 2).expired(try Self.images(6), recentlyDeployed: deployed, inUse: [])
        #expect(expired == [Self.sha(1), Self.sha(4)])
    }

    @Test func theVersionRollbackWouldPickIsKeptEvenWithKeepOne() throws {
        let deployed = [Self.sha(4), Self.sha(2), Self.sha(1)]
        let expired = ImageRetention(keep: 1).expired(try Self.images(5), recentlyDeployed: deployed, inUse: [Self.sha(4)])
        #expect(expired == [Self.sha(1), Self.sha(3)])
    }

    @Test func zeroKeepsEverything() throws {
        #expect(ImageRetention(keep: 0).expired(try Self.images(30), recentlyDeployed: [], inUse: []).isEmpty)
    }

    @Test func pruningDeletesTheRecordsAndTarballsButNeverTheDeployedVersion() throws {
        let (f, bob) = try DeploymentServiceTests.withApp()
        defer { f.tearDown() }
        let deployments = DeploymentService(store: f.store, apps: f.apps, reconciler: f.reconciler, paths: f.paths,
                                            naming: DeploymentNaming(domain: "app.localhost", routerPort: 8080),
                                            retention: ImageRetention(keep: 2))
        var deployment = try deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        var saved: [ImageRecord] = []
        for n in 1...5 {
            saved.append(try DeploymentServiceTests.saveImage(f, sha: Self.sha(n)))
            usleep(2_000)  // distinct build times
        }
        deployment.version = Self.sha(1)
        deployment.deployedVersion = Self.sha(1)
        deployment = try f.store.updateDeployment(deployment)

        deployments.pruneImages(of: deployment)
        let left = Set(try f.store.images(app: deployment.app, deployment: deployment.name).map(\.sha))
        #expect(left == [Self.sha(1), Self.sha(4), Self.sha(5)])
        for image in saved { #expect(Files.exists(image.path) == left.contains(image.sha), "\(image.sha)") }
    }

    @Test func theRetentionIsReadFromTheEnvironment() throws {
        #expect(try PlatformConfiguration.fromEnvironment([:]).imageRetention == 10)
        #expect(try PlatformConfiguration.fromEnvironment(["EXO_IMAGE_RETENTION": "0"]).imageRetention == 0)
        #expect(throws: ExoError.self) { try PlatformConfiguration.fromEnvironment(["EXO_IMAGE_RETENTION": "-1"]) }
    }
}
