import ExoAPIClient
import ExoCommands
import Foundation
import Synchronization
import Testing

/// Whole commands in-process against a fake API: login, re-run after 401, token file, prompts.
struct SessionFlowTests {
    @Test func rejectedTokenLeadsToLoginAndRerun() throws {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { request in
            if request.path == "/token/" { return json(200, #"{"token": "fresh", "expires": "2030-01-01T00:00:00"}"#) }
            if request.path == "/.meta/version/" { return json(200, #"{"cctrl": "1.16.1", "pycclib": "1.6.2"}"#) }
            if request.header("Authorization") == "cc_auth_token=\"fresh\"" { return json(200, "[" + Fixtures.app + "]") }
            return json(401, #"{"error": "Unauthorized"}"#)
        }
        let status = ExoAppCLI.main(arguments: ["-l"], environment: home.environment(token: "stale"), console: console, transport: api)
        #expect(status == 0)
        #expect(console.err == "")
        #expect(console.out.hasPrefix("Apps\n Nr  Name"))
        #expect(console.out.contains("   1 hello "))
        #expect(api.requests.map(\.path) == ["/.meta/version/", "/app/", "/token/", "/app/"])
        let tokenRequest = try #require(api.requests.first { $0.path == "/token/" })
        #expect(tokenRequest.header("Authorization") == "Basic " + Data("ann@example.com:secret".utf8).base64EncodedString())
        let saved = try String(contentsOfFile: home.path + "/token.json", encoding: .utf8)
        #expect(saved.contains("\"token\":\"fresh\""))
        let mode = try FileManager.default.attributesOfItem(atPath: home.path + "/token.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func failedLoginPrintsTheAuthorizationMessage() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(401, #"{"error": "Unauthorized"}"#) }
        let status = ExoAppCLI.main(arguments: ["hello", "details"], environment: home.environment(), console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == "The authorization failed, check your e-mail address and password.\n")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/token.json"))
    }

    @Test func missingCredentialsArePromptedOnStderr() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole(answers: ["ann@example.com", "pw"])
        let api = FakeAPI { request in
            switch request.path {
            case "/token/": json(200, #"{"token": "t", "expires": "e"}"#)
            case "/app/hello/user/": json(200, #"[{"username": "ann", "email": "ann@example.com", "role": "owner"}]"#)
            default: json(200, Fixtures.deployment)
            }
        }
        let status = ExoAppCLI.main(arguments: ["hello/default", "details"], environment: home.environment(email: nil, password: nil),
                                    console: console, transport: api)
        #expect(status == 0)
        #expect(console.err == "Email or Organization ID: ")
        #expect(console.prompts == ["", "Password: "])
        #expect(console.out.hasPrefix("Deployment\n name: hello/default\n"))
        #expect(console.out.hasSuffix(" Users\n   Name            Email                               Role       Deployment\n"
            + "   ann             ann@example.com                     owner      (app)     \n"))
        #expect((try? String(contentsOfFile: home.path + "/user.cfg", encoding: .utf8))?.contains("email = ann@example.com") == true)
    }

    @Test func deleteAsksAndCancelsUnlessYes() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole(answers: ["no"])
        let api = FakeAPI { _ in json(200, "[" + Fixtures.app + "]") }
        let status = ExoAppCLI.main(arguments: ["hello", "delete"], environment: home.environment(token: "t"), console: console, transport: api)
        #expect(status == 0)
        #expect(console.prompts == ["Do you really want to delete application 'hello'? Type \"Yes\" without the quotes to delete: "])
        #expect(console.out.hasSuffix("Action canceled on user request.\n"))
        #expect(!api.requests.contains { $0.method == "DELETE" })
    }

    @Test func forcedDeleteWithDeploymentsLeftExplainsWhy() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { request in
            request.method == "DELETE" ? json(400, #"{"error": "deployments exist"}"#) : json(200, "[" + Fixtures.app + "]")
        }
        let status = ExoAppCLI.main(arguments: ["hello", "delete", "-f"], environment: home.environment(token: "t"), console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == "[ERROR] You have to undeploy all related deployments, before you can delete the application.\n")
    }

    @Test func deleteOfUnknownAppAndOfDeploymentAreRefused() {
        let home = TempHome()
        defer { home.cleanup() }
        let api = FakeAPI { _ in json(200, "[" + Fixtures.app + "]") }
        let unknown = RecordingConsole()
        #expect(ExoAppCLI.main(arguments: ["nope", "delete", "-f"], environment: home.environment(token: "t"), console: unknown, transport: api) == 1)
        #expect(unknown.err == "[ERROR] This application is unknown.\n")
        let deployment = RecordingConsole()
        #expect(ExoAppCLI.main(arguments: ["hello/dev", "delete", "-f"], environment: home.environment(token: "t"), console: deployment, transport: api) == 1)
        #expect(deployment.err == "[ERROR] You can only delete applications not deployments. Try the undeploy command.\n")
    }

    @Test func undeployQuotesTheNameAsTypedAndDeletesTheDefaultDeployment() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole(answers: ["YES"])
        let api = FakeAPI { request in request.method == "DELETE" ? json(204, "") : json(200, "[" + Fixtures.app + "]") }
        let status = ExoAppCLI.main(arguments: ["hello", "undeploy"], environment: home.environment(token: "t"), console: console, transport: api)
        #expect(status == 0)
        #expect(console.prompts.first?.hasPrefix("Do you really want to delete deployment 'hello'? This will delete everything") == true)
        #expect(api.requests.last.map { "\($0.method) \($0.path)" } == "DELETE /app/hello/deployment/default/")
    }

    @Test func forbiddenAnswersPrintTheNotAllowedText() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["hello/default", "details"], environment: home.environment(token: "t"), console: console,
                                    transport: FakeAPI { _ in json(403, #"{"error": "no"}"#) })
        #expect(status == 1)
        #expect(console.err == "Sorry. You are not allowed to perform this action.\n")
    }

    @Test func createSendsAppAndDeploymentAndSaysHowItChoseGit() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { request in json(201, request.path == "/app/" ? Fixtures.app : Fixtures.deployment) }
        let status = ExoAppCLI.main(arguments: ["hello/dev", "create", "python", "--repo", "git"],
                                    environment: home.environment(token: "t"), console: console, transport: api)
        #expect(status == 0)
        #expect(console.out == "")
        #expect(api.requests.map { "\($0.method) \($0.path) \($0.body)" } == [
            "POST /app/ name=hello&type=python&repository_type=git",
            "POST /app/hello/deployment/ name=dev",
        ])
    }

    @Test func customTypeNeedsABuildpack() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["hello", "create", "custom"], environment: home.environment(token: "t"), console: console,
                                    transport: FakeAPI { _ in json(201, Fixtures.app) })
        #expect(status == 1)
        #expect(console.err == "[ERROR] You need to provide a buildpack URL for \"custom\" application type.\n")
    }

    /// Only remote URLs reach `git ls-remote`: `fd::3` made it wait forever, `ext::` runs a
    /// program, a branch like `--x` would be an option. Each is refused at once, nothing is sent.
    @Test(arguments: ["fd::3", "ext::sh -c id", "/etc", "https://example.com/bp.git#--x", "https://example.com/bp.git\nx"])
    func aBuildpackURLThatIsNotARemoteGitURLIsRefusedWithoutAskingGit(_ url: String) {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(201, Fixtures.app) }
        let started = Date()
        let status = ExoAppCLI.main(arguments: ["hello", "create", "custom", "--buildpack", url], environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == "[ERROR] The buildpack URL provided is not valid. Please try again.\n", "\(url)")
        #expect(api.requests.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func deployOfMissingDeploymentCreatesItFirst() {
        let home = TempHome()
        defer { home.cleanup() }
        let puts = Mutex(0)
        let api = FakeAPI { request in
            if request.method == "PUT" {
                let first = puts.withLock { count in count += 1; return count == 1 }
                return first ? json(410, #""gone""#) : json(200, Fixtures.deployment)
            }
            return json(201, Fixtures.deployment)
        }
        let status = ExoAppCLI.main(arguments: ["hello/dev", "deploy", "--containers", "2", "--stack", "pinky"],
                                    environment: home.environment(token: "t"), console: RecordingConsole(), transport: api)
        #expect(status == 0)
        #expect(api.requests.map { "\($0.method) \($0.path) \($0.body)" } == [
            "PUT /app/hello/deployment/dev/ version=-1&min_boxes=2&stack=pinky",
            "POST /app/hello/deployment/ name=dev&stack=pinky",
            "PUT /app/hello/deployment/dev/ version=-1&min_boxes=2&stack=pinky",
        ])
    }

    @Test func logoutRemovesTheTokenFile() {
        let home = TempHome()
        defer { home.cleanup() }
        let env = home.environment(token: "t")
        #expect(ExoUserCLI.main(arguments: ["logout"], environment: env, console: RecordingConsole(),
                                transport: FakeAPI { _ in json(500, "") }) == 0)
        #expect(!FileManager.default.fileExists(atPath: home.path + "/token.json"))
    }

    @Test func checktokenFailsWithoutTokenAndSucceedsWithOne() {
        let home = TempHome()
        defer { home.cleanup() }
        let api = FakeAPI { _ in json(200, #"[{"username": "ann", "email": "ann@example.com"}]"#) }
        #expect(ExoUserCLI.main(arguments: ["checktoken"], environment: home.environment(), console: RecordingConsole(), transport: api) == 1)
        #expect(ExoUserCLI.main(arguments: ["checktoken"], environment: home.environment(token: "t"), console: RecordingConsole(), transport: api) == 0)
    }

    @Test func createUserPostsWithoutTokenAndAsksToCheckMail() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(201, #"{"username": "ann", "email": "ann@example.com"}"#) }
        let status = ExoUserCLI.main(arguments: ["create", "--name", "ann", "--email", "ann@example.com", "--password", "p w"],
                                     environment: home.environment(token: "old"), console: console, transport: api)
        #expect(status == 0)
        #expect(console.out == "User has been created. Please check you e-mail for your confirmation code.\n")
        #expect(api.requests.first?.header("Authorization") == nil)
        #expect(api.requests.first?.body == "username=ann&email=ann%40example.com&password=p+w")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/token.json"))
    }

    @Test func activateOfUnknownUserSaysSo() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoUserCLI.main(arguments: ["activate", "bob", "123"], environment: home.environment(), console: console,
                                     transport: FakeAPI { _ in json(410, #""gone""#) })
        #expect(status == 1)
        #expect(console.err == "[ERROR] This username is unknown.\n")
    }

    @Test func commandsWithoutServerSideSayTheyAreNotAvailable() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["hello", "cron"], environment: home.environment(token: "t"), console: console,
                                    transport: FakeAPI { _ in json(500, "") })
        #expect(status == 1)
        #expect(console.err == "[ERROR] Sorry, this command is not available.\n")
    }
}

extension SessionFlowTests {
    @Test func userDeleteRefusesWhileAppsRemain() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(200, "[" + Fixtures.app + "]") }
        #expect(ExoUserCLI.main(arguments: ["delete", "-f"], environment: home.environment(token: "t"), console: console, transport: api) == 1)
        #expect(console.err == "[ERROR] There are still applications associated with this user account. Undeploy and/or delete applications before deleting user.\n")
        #expect(!api.requests.contains { $0.method == "DELETE" })
    }

    @Test func userDeleteAsksThenDeletesAndForgetsTheToken() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole(answers: ["yes"])
        let api = FakeAPI { request in
            switch (request.method, request.path) {
            case ("GET", "/app/"): json(200, "[]")
            case ("GET", "/user/"): json(200, #"[{"username": "ann", "email": "ann@example.com"}]"#)
            default: json(204, "")
            }
        }
        #expect(ExoUserCLI.main(arguments: ["delete"], environment: home.environment(token: "t"), console: console, transport: api) == 0)
        #expect(console.prompts == ["Do you really want to delete your user? Type \"Yes\" without the quotes to delete: "])
        #expect(api.requests.last.map { "\($0.method) \($0.path)" } == "DELETE /user/ann/")
        #expect(!FileManager.default.fileExists(atPath: home.path + "/token.json"))
    }
}

extension SessionFlowTests {
    @Test func openPrintsTheURLWhenNoBrowserCanBeStarted() {
        let home = TempHome()
        defer { home.cleanup() }
        var env = home.environment(token: "t")
        env["PATH"] = home.path   // no xdg-open here
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["hello", "open"], environment: env, console: console,
                                    transport: FakeAPI { _ in json(200, Fixtures.deployment) })
        #expect(status == 0)
        #expect(console.out == "http://hello.app.localhost\n")
    }
}
