import ExoSystem
import Foundation
import Testing

/// The router scenarios' shared set-up: one platform, and the fixture app `router`
/// (Tests/Fixtures/Scenario/router-app) pushed with real git, built by the python buildpack and
/// running as `default` with 3 containers and `dev` with 2. Built once for the whole
/// `RouterScenarioTests` suite by the `.routerApp` trait, since a push and a deploy take seconds.
struct RouterDeployment: Sendable {
    let platform: ScenarioPlatform
    let user: ScenarioUser
    /// The app's checkout (on branch dev after set-up; remote `exo`).
    let source: String

    static let app = "router"
    var host: String { platform.host(app: Self.app) }
    var devHost: String { platform.host(app: Self.app, deployment: "dev") }
    var port: Int { platform.routerPort }

    @TaskLocal static var current: RouterDeployment?

    static func require() throws -> RouterDeployment {
        guard let current else { throw ScenarioFailure("no router deployment: the suite needs the .routerApp trait") }
        return current
    }

    static func start() throws -> RouterDeployment {
        let platform = try ScenarioPlatform()
        do {
            let rita = try platform.user("rita")
            try rita.signUp()
            let source = try rita.deploy(fixture: "router-app", as: app, containers: 3)
            try rita.expectOK(rita.git("checkout", "-q", "-b", "dev", in: source))
            try rita.expectOK(rita.exoapp(app + "/dev", "push", in: source))
            try rita.expectOK(rita.exoapp(app + "/dev", "deploy", "--containers", "2"))
            return RouterDeployment(platform: platform, user: rita, source: source)
        } catch {
            Issue.record("router app set-up failed: \(error)\nexod log:\n\(platform.log)")
            platform.stop()
            throw error
        }
    }

    /// `GET path` on a new connection through the router: the status and the JSON the app
    /// answered (`["page": text]` for a body that is not JSON, e.g. one of the router's pages).
    func json(_ path: String, host: String? = nil) throws -> (status: Int, body: [String: Any]) {
        let response = try platform.get(host: host ?? self.host, path: path)
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        return (response.status, object ?? ["page": response.text])
    }
}

/// Starts the platform and the router app once around the whole suite it is attached to.
struct RouterAppTrait: SuiteTrait, TestScoping {
    func provideScope(for test: Test, testCase: Test.Case?,
                      performing function: @Sendable () async throws -> Void) async throws {
        let deployment = try RouterDeployment.start()
        defer { deployment.platform.stop() }
        try await RouterDeployment.$current.withValue(deployment) { try await function() }
    }
}

extension Trait where Self == RouterAppTrait {
    static var routerApp: Self { Self() }
}

/// Deterministic bytes of every value (xorshift), so a corrupted or shifted byte changes the hash.
enum TestPayload {
    static func bytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        return (0..<count).map { _ in
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return UInt8(truncatingIfNeeded: state >> 24)
        }
    }

    /// sha256sum's hex digest of `bytes`.
    static func sha256(_ bytes: [UInt8]) throws -> String {
        let result = try Command.run(["sha256sum"], input: bytes)
        return String(result.stdout.prefix(64))
    }
}
