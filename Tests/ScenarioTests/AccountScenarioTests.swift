import ExoSystem
import Foundation
import Testing

/// Accounts: open registration (the embedded default) and activation codes when it is closed.
@Suite(.serialized)
struct AccountScenarioTests {
    @Test func closedRegistrationNeedsTheActivationCodeBeforeLogin() throws {
        let platform = try ScenarioPlatform(extraEnvironment: ["EXO_OPEN_REGISTRATION": "false"])
        defer { platform.stop() }
        let ann = try platform.user("ann")
        let created = try ann.exouser("create", "--name", ann.name, "--email", ann.email, "--password", ann.password)
        #expect(created.status == 0, "\(created)")

        let before = try ann.exoapp("-l")
        #expect(before.status == 1, "\(before)")

        let code = try #require(platform.log.split(separator: "\n")
            .first { $0.contains("activation code for user ann") }?.split(separator: " ").last.map(String.init))
        let wrong = try ann.exouser("activate", ann.name, "not-the-code")
        #expect(wrong.status == 1, "\(wrong)")
        let activated = try ann.exouser("activate", ann.name, code)
        #expect(activated.status == 0, "\(activated)")
        #expect(activated.stdout.isEmpty)
        let unknown = try ann.exouser("activate", "nobody", code)
        #expect(unknown.stderr.contains("This username is unknown."), "\(unknown)")

        let after = try ann.exoapp("-l")
        #expect(after.status == 0, "\(after)")
        #expect(after.stdout.hasPrefix("Apps"))
    }

    @Test func wrongPasswordIsRefusedAndLogoutForgetsTheToken() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("-l"))
        #expect(Files.exists(ann.home + "/.exo/token.json"))
        try ann.expectOK(ann.exouser("logout"))
        #expect(!Files.exists(ann.home + "/.exo/token.json"))

        let impostor = ScenarioUser(platform: platform, name: "ann", email: ann.email, password: "wrong-password",
                                    home: ann.home)
        let refused = try impostor.exoapp("-l")
        #expect(refused.status == 1, "\(refused)")
        #expect(refused.stderr.contains("The authorization failed, check your e-mail address and password."), "\(refused)")
    }

    @Test func aSecondExodOnTheSameDataDirectoryRefusesToStart() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        var environment = Command.defaultEnvironment
        environment["EXO_DATA_DIR"] = platform.root + "/data"
        environment["EXO_API_ADDR"] = "127.0.0.1:\(FreePort.next())"
        environment["EXO_ROUTER_ADDR"] = "127.0.0.1:\(FreePort.next())"
        let second = try Command.runCapturing([ProductsDirectory.executable("exod")], environment: environment)
        #expect(second.status == .exited(1))
        #expect(String(decoding: second.stderr, as: UTF8.self).contains("Another exod is already running"))
        // The first one is untouched.
        #expect(try platform.get(host: "nothing.app.localhost").status == 404)
    }
}
