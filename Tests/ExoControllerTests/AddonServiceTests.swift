import ExoController
import ExoCore
import ExoStore
import Foundation
import Testing

/// The config add-on's service rules over a real store; converging is left to the reconciler
/// (the recording runtime refuses every start, which shows the undo of a failed change).
struct AddonServiceTests {
    static func withDeployment() throws -> (ControllerFixture, AddonService, Principal) {
        let f = try ControllerFixture()
        let bob = try f.principal("bob")
        _ = try f.apps.create(name: "shop", type: "python", buildpackURL: nil, repositoryType: "git", by: bob)
        _ = try f.deployments.create(app: "shop", name: "default", stack: nil, by: bob)
        return (f, AddonService(store: f.store, deployments: f.deployments), bob)
    }

    static func vars(_ addons: AddonService, _ who: Principal) throws -> [String: String] {
        try AddonSettings(json: addons.addon(app: "shop", deployment: "default", addon: "config.free", by: who).settings).configVars
    }

    @Test func overwritingWithoutForceIsConfirmOverwriteAndChangesNothing() throws {
        let (f, addons, bob) = try Self.withDeployment()
        defer { f.tearDown() }
        _ = try addons.add(app: "shop", deployment: "default", addon: "config.free", options: #"{"A": "1"}"#, by: bob)
        let error = #expect(throws: ExoError.self) {
            try addons.update(app: "shop", deployment: "default", addon: "config.free", target: "config.free",
                              settings: #"{"A": "2", "B": "new"}"#, force: false, by: bob)
        }
        #expect(error?.code == .confirmOverwrite)
        #expect(try Self.vars(addons, bob) == ["A": "1"])
        _ = try addons.update(app: "shop", deployment: "default", addon: "config.free", target: "config.free",
                              settings: #"{"A": "2", "B": "new"}"#, force: true, by: bob)
        #expect(try Self.vars(addons, bob) == ["A": "2", "B": "new"])
    }

    @Test func nullRemovesAndAnInvalidKeyIsA400NamingIt() throws {
        let (f, addons, bob) = try Self.withDeployment()
        defer { f.tearDown() }
        _ = try addons.add(app: "shop", deployment: "default", addon: "config.free", options: #"{"A": "1", "B": "2"}"#, by: bob)
        _ = try addons.update(app: "shop", deployment: "default", addon: "config.free", target: nil,
                              settings: #"{"A": null}"#, force: false, by: bob)
        #expect(try Self.vars(addons, bob) == ["B": "2"])
        let error = #expect(throws: ExoError.self) {
            try addons.update(app: "shop", deployment: "default", addon: "config.free", target: nil,
                              settings: #"{"OK": "x", "9LIVES": "y"}"#, force: true, by: bob)
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("'9LIVES'") == true)
        #expect(try Self.vars(addons, bob) == ["B": "2"])
    }

    @Test func bookingTwiceIsAConflictAndUnknownOrUnbookedAddonsAreRefused() throws {
        let (f, addons, bob) = try Self.withDeployment()
        defer { f.tearDown() }
        _ = try addons.add(app: "shop", deployment: "default", addon: "config.free", options: nil, by: bob)
        #expect(throws: ExoError.self) { try addons.add(app: "shop", deployment: "default", addon: "config.free", options: nil, by: bob) }
        let invalid = #expect(throws: ExoError.self) {
            try addons.add(app: "shop", deployment: "default", addon: "mysql.free", options: nil, by: bob)
        }
        #expect(invalid?.code == .invalidInput)
        #expect(invalid?.message.hasPrefix("This is not a valid addon name") == true)
        try addons.remove(app: "shop", deployment: "default", addon: "config.free", by: bob)
        let gone = #expect(throws: ExoError.self) {
            try addons.remove(app: "shop", deployment: "default", addon: "config.free", by: bob)
        }
        #expect(gone?.code == .notFound)
        let alice = try f.principal("alice")
        #expect(throws: ExoError.self) { try addons.list(app: "shop", deployment: "default", by: alice) }
    }

    @Test func aChangeTheNewContainersCannotRunWithIsUndone() throws {
        let (f, addons, bob) = try Self.withDeployment()
        defer { f.tearDown() }
        _ = try addons.add(app: "shop", deployment: "default", addon: "config.free", options: #"{"A": "1"}"#, by: bob)
        // Pretend version `sha` is deployed: a change must then start new containers, which fails here.
        let sha = String(repeating: "ab", count: 20)
        _ = try f.store.saveImage(NewImage(app: AppName("shop"), deployment: .default, sha: sha, path: "/nonexistent.tgz",
                                           size: 1, procfile: "web: true\n"))
        var deployment = try #require(try f.store.deployment(app: AppName("shop"), name: .default))
        deployment.version = sha
        deployment.state = .deployed
        _ = try f.store.updateDeployment(deployment)

        #expect(throws: ExoError.self) {
            try addons.update(app: "shop", deployment: "default", addon: "config.free", target: nil,
                              settings: #"{"B": "2"}"#, force: false, by: bob)
        }
        #expect(try Self.vars(addons, bob) == ["A": "1"])
        #expect(throws: ExoError.self) { try addons.remove(app: "shop", deployment: "default", addon: "config.free", by: bob) }
        #expect(try Self.vars(addons, bob) == ["A": "1"])
    }
}
