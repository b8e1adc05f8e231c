import ExoSystem
import Foundation
import Testing

/// The ORIGINAL cloudControl client (cctrl 1.16.1 + pycclib 1.6.2 from PyPI, converted to
/// Python 3 by Tests/Compat/prepare-cctrl) drives a real exod with only CCTRL_API_URL pointed
/// at it. Assertions are on what the original client prints. Needs PyPI on the first run (the
/// prepared client is cached under /tmp); without it the tests fail rather than skip.
@Suite(.serialized)
struct OriginalClientScenarioTests {
    @Test func originalClientCreatesPushesAndDeploysAnApp() throws {
        let client = try OriginalClient.prepare()
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try OriginalClientUser(client: client, platform: platform, name: "ann")

        let created = try ann.cctrluser("create", "--name", ann.name, "--email", ann.email, "--password", ann.password)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout == "User has been created. Please check you e-mail for your confirmation code.\n",
                "\(created)")

        let empty = try ann.cctrlapp("-l")
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.stdout.hasPrefix("Apps\n Nr  Name"), "\(empty)")
        #expect(!empty.stdout.contains("hello"))

        // Run outside any repository: git is on PATH, so the client says it picked Git for that.
        let create = try ann.cctrlapp("hello", "create", "python")
        #expect(create.status == 0, "\(create)")
        #expect(create.stdout == "Git seems to be installed! Using \"Git\" as repository type.\n", "\(create)")
        let listed = try ann.cctrlapp("-l")
        #expect(listed.stdout.contains("   1 hello                          python"), "\(listed)")

        let repository = "\(platform.apiURL)/git/hello/repository.git"
        let app = try ann.cctrlapp("hello", "details")
        #expect(app.status == 0, "\(app)")
        #expect(app.stdout.hasPrefix("App\n Name: hello "), "\(app)")
        #expect(app.stdout.contains("Type: python "), "\(app)")
        #expect(app.stdout.contains("Owner: ann"), "\(app)")
        #expect(app.stdout.contains(" Repository: \(repository)\n"), "\(app)")
        #expect(app.stdout.contains("\n Users\n"), "\(app)")
        #expect(app.stdout.contains("   ann             ann@example.com"), "\(app)")
        #expect(app.stdout.contains("\n Deployments\n   hello/default"), "\(app)")

        let fresh = try ann.cctrlapp("hello/default", "details")
        #expect(fresh.status == 0, "\(fresh)")
        #expect(fresh.stdout.hasPrefix("Deployment\n name: hello/default\n"), "\(fresh)")
        #expect(fresh.stdout.contains(" URL: http://hello.app.localhost:\(platform.routerPort)\n"), "\(fresh)")
        #expect(fresh.stdout.contains(" branch: \(repository)\n"), "\(fresh)")
        #expect(fresh.stdout.contains(" current version: -1\n"), "\(fresh)")
        #expect(fresh.stdout.contains(" current state: not deployed\n"), "\(fresh)")

        // cctrl's own `push` wants ssh keys; plain git with email and password over HTTP instead.
        let source = try ann.checkout(of: ProductsDirectory.example("python-hello"))
        let credentialed = repository.replacingOccurrences(
            of: "http://", with: "http://\(ann.email.replacingOccurrences(of: "@", with: "%40")):\(ann.password)@")
        let push = try ann.run(["git", "push", credentialed, "master"], in: source)
        #expect(push.status == 0, "\(push)")
        #expect(push.stderr.contains("remote: -----> Python app detected"), "\(push)")

        let deploy = try ann.cctrlapp("hello", "deploy")
        #expect(deploy.status == 0, "\(deploy)")
        #expect(deploy.stdout.isEmpty, "\(deploy)")
        let response = try platform.get(host: platform.host(app: "hello"))
        #expect(response.status == 200)
        #expect(response.text.hasPrefix("Hello from exo!"), "\(response.text)")

        let deployed = try ann.cctrlapp("hello/default", "details")
        #expect(deployed.status == 0, "\(deployed)")
        #expect(deployed.stdout.contains(" current state: deployed\n"), "\(deployed)")
        #expect(!deployed.stdout.contains(" current version: -1\n"), "\(deployed)")
        #expect(deployed.stdout.contains(" containers: 1\n memory: 128MB\n"), "\(deployed)")

        // Aliases, as the original client adds, lists, shows and removes them.
        let aliasAdd = try ann.cctrlapp("hello", "alias.add", "www.hello.example")
        #expect(aliasAdd.status == 0 && aliasAdd.stdout.isEmpty, "\(aliasAdd)")
        #expect(try platform.get(host: "www.hello.example").text.hasPrefix("Hello from exo!"))
        let aliases = try ann.cctrlapp("hello", "alias")
        #expect(aliases.stdout == "Aliases\n " + "name".padding(toLength: 60, withPad: " ", startingAt: 0) + " default  verified\n "
                + platform.host(app: "hello").padding(toLength: 60, withPad: " ", startingAt: 0) + "        1        1\n "
                + "www.hello.example".padding(toLength: 60, withPad: " ", startingAt: 0) + "        0        1\n", "\(aliases)")
        let alias = try ann.cctrlapp("hello", "alias", "www.hello.example")
        #expect(alias.stdout.hasPrefix("Alias                       : www.hello.example\n   is_default               : False\n"), "\(alias)")
        try ann.expectOK(ann.cctrlapp("hello", "alias.remove", "www.hello.example"))
        #expect(try platform.get(host: "www.hello.example").status == 404)
        let gone = try ann.cctrlapp("hello", "alias", "www.hello.example")
        #expect(gone.status == 1 && gone.stderr == "[ERROR] This alias is unknown.\n", "\(gone)")
    }

    @Test func originalClientShowsTheServersErrorsInItsOwnWords() throws {
        let client = try OriginalClient.prepare()
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let bob = try OriginalClientUser(client: client, platform: platform, name: "bob")
        try bob.expectOK(bob.cctrluser("create", "--name", bob.name, "--email", bob.email, "--password", bob.password))

        let badName = try bob.cctrlapp("1bad", "create", "python")
        #expect(badName.status == 1, "\(badName)")
        #expect(badName.stderr == "[ERROR] Name may only contain a-z and 0-9 and must not start with a number.\n",
                "\(badName)")

        let unknown = try bob.cctrlapp("nosuch", "details")
        #expect(unknown.status == 1, "\(unknown)")
        #expect(unknown.stderr == "[ERROR] This application is unknown.\n", "\(unknown)")

        let wrongPassword = try OriginalClientUser(client: client, platform: platform, name: "bob",
                                                   password: "not-\(bob.password)", home: bob.home + "-2")
        let denied = try wrongPassword.cctrlapp("-l")
        #expect(denied.status == 1, "\(denied)")
        #expect(denied.stderr.contains("The authorization failed, check your e-mail address and password."),
                "\(denied)")
    }

    // Commands whose API exo does not serve yet (keys, collaborators, workers, cron) answer 501,
    // which the original client reports in its own words instead of crashing.
    @Test func originalClientReportsCommandsExoDoesNotServeYet() throws {
        let client = try OriginalClient.prepare()
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let cy = try OriginalClientUser(client: client, platform: platform, name: "cy")
        try cy.expectOK(cy.cctrluser("create", "--name", cy.name, "--email", cy.email, "--password", cy.password))
        try cy.expectOK(cy.cctrlapp("hello", "create", "python"))

        let userAdd = try cy.cctrlapp("hello", "user.add", "bob@example.com")
        #expect(userAdd.status == 1, "\(userAdd)")
        #expect(userAdd.stderr.contains("Sorry, this command is not available."), "\(userAdd)")
        #expect(!userAdd.stderr.contains("Traceback"), "\(userAdd)")
        let workers = try cy.cctrlapp("hello", "worker")
        #expect(workers.status == 1, "\(workers)")
        #expect(!workers.stderr.contains("Traceback"), "\(workers)")
        #expect(!workers.stdout.contains("None") && !workers.stderr.contains("None"), "\(workers)")
    }
}

/// The converted original client, prepared (downloaded, converted, patched) once into a cache.
enum OriginalClient {
    static let cache = "/tmp/exo-compat-cctrl"

    /// Runs Tests/Compat/prepare-cctrl (a no-op once cached); returns the dir holding bin/.
    static func prepare() throws -> String {
        let script = ProductsDirectory.repository + "/Tests/Compat/prepare-cctrl"
        let result = try Command.runCapturing([script, cache], environment: Command.defaultEnvironment)
        let output = String(decoding: result.stdout, as: UTF8.self)
        guard result.status.code == 0, let client = output.split(separator: "\n").last.map(String.init) else {
            throw ScenarioFailure("prepare-cctrl failed (PyPI reachable?): \(output)"
                + String(decoding: result.stderr, as: UTF8.self))
        }
        return client
    }
}

/// One person running the original cctrlapp/cctrluser with their own HOME (~/.cloudControl).
struct OriginalClientUser: Sendable {
    let client: String
    let platform: ScenarioPlatform
    let name: String
    let email: String
    let password: String
    let home: String

    init(client: String, platform: ScenarioPlatform, name: String,
         password: String = "secret-\(UUID().uuidString.prefix(8))", home: String? = nil) throws {
        self.client = client
        self.platform = platform
        self.name = name
        email = "\(name)@example.com"
        self.password = password
        self.home = home ?? platform.root + "/cctrl-home-\(name)"
        try Files.makeDirectory(self.home, mode: 0o700)
    }

    var environment: [String: String] {
        var env = Command.defaultEnvironment
        env["HOME"] = home
        // The one setting the brief allows to change: where the API is.
        env["CCTRL_API_URL"] = platform.apiURL
        env["CCTRL_EMAIL"] = email
        env["CCTRL_PASSWORD"] = password
        // `details` asks `ssh <repository host> get-public-key`; never let ssh wait for a prompt.
        env["CCTRL_SSHOPTS"] = "-o BatchMode=yes"
        env["GIT_TERMINAL_PROMPT"] = "0"
        for role in ["AUTHOR", "COMMITTER"] {
            env["GIT_\(role)_NAME"] = name
            env["GIT_\(role)_EMAIL"] = email
        }
        return env
    }

    func cctrlapp(_ arguments: String...) throws -> CLIResult {
        try run([client + "/bin/cctrlapp"] + arguments, in: home)
    }

    func cctrluser(_ arguments: String...) throws -> CLIResult {
        try run([client + "/bin/cctrluser"] + arguments, in: home)
    }

    func run(_ argv: [String], in directory: String) throws -> CLIResult {
        let result = try Command.runCapturing(argv, environment: environment, workingDirectory: directory)
        return CLIResult(status: result.status.code, stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// Copies a sample app into a fresh git repository with one commit on master.
    func checkout(of source: String) throws -> String {
        let dir = platform.root + "/cctrl-\(name)-source"
        try Files.copyTree(from: source, to: dir)
        let steps = [["git", "init", "-q", "-b", "master"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "first"]]
        for argv in steps {
            try expectOK(run(argv, in: dir))
        }
        return dir
    }

    func expectOK(_ result: CLIResult) throws {
        guard result.status == 0 else { throw ScenarioFailure("command failed: \(result)") }
    }
}
