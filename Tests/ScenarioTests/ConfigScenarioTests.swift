import ExoNet
import ExoSystem
import Foundation
import Testing

/// Config vars end to end: `exoapp config.add` with every kind of character, the deployed app
/// sees them byte for byte in its environment and escaped in `$CRED_FILE` once the change has
/// replaced the containers (no request failing meanwhile); overwriting needs confirmation or -f.
@Suite(.serialized)
struct ConfigScenarioTests {
    static let values: [String: String] = [
        "SPACES": "  two leading, doubled  inside and trailing  ",
        "QUOTES": #"it's "quoted" \ backslashed"#,
        "DOLLAR": "$HOME ${PATH} $(id) $$",
        "BACKTICKS": "`id` and ``",
        "EQUALS": "a=b==c=",
        "NEWLINES": "first\nsecond\r\nthird\n",
        "UNICODE": "grüße, 日本語, emoji 🚀, combining é",
        "VERSION_TAG": "one",
    ]
    static let pem = """
        -----BEGIN PRIVATE KEY-----
        MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEAq7BFUpkGp3+LQmlQ
        Yx2eqzDV+xeG8kx/sQFV18S5JwIDAQABAkEAqyJ2vGfnjJXU+F3mQ1ZbbQ==
        -----END PRIVATE KEY-----

        """

    @Test func configValuesReachTheAppByteForByteWithoutAFailedRequestAndOverwritesNeedConfirmation() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.expectOK(ann.exouser("create", "--name", ann.name, "--email", ann.email, "--password", ann.password))
        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("Scenario/configapp"), named: "hello")
        let details = try ann.exoapp("hello", "details").stdout
        let repository = try #require(details.split(separator: "\n").first { $0.contains("Repository:") }?
            .split(separator: " ").last.map(String.init))
        try ann.expectOK(ann.git("remote", "add", "exo", repository, in: source))
        try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
        #expect(try ann.exoapp("hello", "config").stdout == "[ERROR] No configuration variables for this deployment.\n")

        // The PEM travels as a file path (the client reads the file), a bare key means "true".
        let pemFile = platform.root + "/key.pem"
        try Files.atomicWrite(Self.pem, to: pemFile)
        let arguments = Self.values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + ["PEM=" + pemFile, "BARE"]
        var expected = Self.values
        expected["PEM"] = Self.pem
        expected["BARE"] = "true"

        let load = Load(platform: platform, host: platform.host(app: "hello"))
        let added = try ann.run([ProductsDirectory.executable("exoapp"), "hello", "config.add"] + arguments, in: nil)
        let answers = load.stop()
        try ann.expectOK(added)
        #expect(added.stdout.isEmpty && added.stderr.isEmpty, "\(added)")
        #expect(answers.count > 5)
        #expect(answers.allSatisfy { $0 == "one" || $0 == "" }, "\(Set(answers))")
        #expect(answers.last == "one")

        let echo = try Self.echo(platform)
        let env = try #require(echo["env"] as? [String: String])
        for (key, value) in expected {
            #expect(Array((env[key] ?? "<missing>").utf8) == Array(value.utf8), "\(key)")
        }
        // $CRED_FILE: the JSON of addon.creds, readable by the app's uid only.
        let credsText = try #require(echo["creds"] as? String)
        let creds = try #require(try JSONSerialization.jsonObject(with: Data(credsText.utf8)) as? [String: [String: [String: String]]])
        let vars = try #require(creds["CONFIG"]?["CONFIG_VARS"])
        #expect(vars.count == expected.count)
        for (key, value) in expected { #expect(Array((vars[key] ?? "<missing>").utf8) == Array(value.utf8), "\(key)") }
        #expect(credsText.contains(#""NEWLINES" : "first\nsecond\r\nthird\n""#) || credsText.contains(#""NEWLINES": "first\nsecond\r\nthird\n""#),
                "\(credsText)")
        #expect(echo["creds_mode"] as? String == "0o400")
        #expect((echo["creds_uid"] as? Int) == (echo["uid"] as? Int))

        // The CLI shows the same values: raw for one key, shell-quoted in the list, creds as JSON.
        #expect(try ann.exoapp("hello", "config", "SPACES").stdout == Self.values["SPACES"]! + "\n")
        #expect(try ann.exoapp("hello", "config", "NOPE").stdout == "[ERROR] Key `NOPE` not found.\n")
        let listing = try ann.exoapp("hello", "config").stdout
        #expect(listing.contains("EQUALS=a=b==c=\n"), "\(listing)")
        #expect(listing.contains("BARE=true\n"))
        #expect(listing.contains("QUOTES='it'\"'\"'s \"quoted\" \\ backslashed'\n"), "\(listing)")
        let shown = try ann.exoapp("hello", "addon.creds").stdout
        let shownCreds = try #require(try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: [String: [String: String]]])
        #expect(shownCreds["CONFIG"]?["CONFIG_VARS"] == vars)

        // Overwriting asks; "no" keeps the old value (and the running containers).
        let refused = try Self.exoapp(ann, ["hello", "config.add", "VERSION_TAG=two"], input: "no\n")
        #expect(refused.status == 0, "\(refused)")
        #expect(refused.stdout.contains("The config variable VERSION_TAG is already set. Do you really want to overwrite it?"), "\(refused)")
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/version").text == "one")
        #expect(try Self.putConfig(platform, ann, settings: #"{"VERSION_TAG": "two"}"#) == 503)

        // "yes" and -f overwrite; the app sees the new value right after the command returns.
        try ann.expectOK(Self.exoapp(ann, ["hello", "config.add", "VERSION_TAG=two"], input: "Yes\n"))
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/version").text == "two")
        try ann.expectOK(ann.exoapp("hello", "config.add", "VERSION_TAG=three", "-f"))
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/version").text == "three")
        #expect(try ann.exoapp("hello", "config.add", "-f", "X=1", "--force").stderr == "[ERROR] Please, specify a flag only once.\n")

        // A bad key is refused, naming it; nothing changes.
        let bad = try ann.exoapp("hello", "config.add", "1BAD=x", "GOOD=y")
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("1BAD"), "\(bad)")
        #expect(try ann.exoapp("hello", "config", "GOOD").stdout == "[ERROR] Key `GOOD` not found.\n")

        // Removal takes the variable out of the environment.
        try ann.expectOK(ann.exoapp("hello", "config.remove", "VERSION_TAG", "BARE"))
        #expect(try platform.get(host: platform.host(app: "hello"), path: "/version").text == "")
        #expect(try Self.echo(platform)["env"].flatMap { ($0 as? [String: String])?["BARE"] } == nil)

        // The catalogue and the add-on commands.
        let catalogue = try ann.exoapp("hello", "addon.list").stdout
        #expect(catalogue.contains("\nAddon: config\n   config.free\n"), "\(catalogue)")
        #expect(try ann.exoapp("hello", "addon.add", "config.free").stderr == "[ERROR] You can not add the same addon option twice.\n")
        #expect(try ann.exoapp("hello", "addon.add", "bogus.free").stderr.contains("This is not a valid addon name"))
        #expect(try ann.exoapp("hello", "addon", "config.free").stdout.hasPrefix("Addon                    : config.free\n   \n Settings\n"))
        try ann.expectOK(ann.exoapp("hello", "addon.remove", "config.free"))
        #expect(try ann.exoapp("hello", "addon.remove", "config.free").stderr
                == "[ERROR] This addon is unknown for this app_name/deployment_name.\n")
        #expect(try Self.echo(platform)["env"].flatMap { ($0 as? [String: String])?["UNICODE"] } == nil)

        // No value ever reaches exod's log.
        for value in ["grüße", "two leading", "MIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8w"] {
            #expect(!platform.log.contains(value), "\(value) in the log")
        }
    }

    static func echo(_ platform: ScenarioPlatform) throws -> [String: Any] {
        let response = try platform.get(host: platform.host(app: "hello"), path: "/")
        guard response.status == 200, let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw ScenarioFailure("echo: \(response.status) \(response.text)")
        }
        return object
    }

    static func exoapp(_ user: ScenarioUser, _ arguments: [String], input: String) throws -> CLIResult {
        let result = try Command.runCapturing([ProductsDirectory.executable("exoapp")] + arguments,
                                              environment: user.environment, input: Array(input.utf8))
        return CLIResult(status: result.status.code, stdout: String(decoding: result.stdout, as: UTF8.self),
                         stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    /// The API directly: a PUT without force for a key that holds another value answers 503.
    static func putConfig(_ platform: ScenarioPlatform, _ user: ScenarioUser, settings: String) throws -> Int {
        let basic = "Basic " + Data("\(user.email):\(user.password)".utf8).base64EncodedString()
        let tokenAnswer = try HTTPClient().send(method: "POST", url: platform.apiURL + "/token/", headers: [("Authorization", basic)])
        let token = try #require((try JSONSerialization.jsonObject(with: Data(tokenAnswer.body)) as? [String: Any])?["token"] as? String)
        let body = "addon=config.free&settings=" + (settings.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        return try HTTPClient().send(method: "PUT", url: platform.apiURL + "/app/hello/deployment/default/addon/config.free/",
                                     headers: [("Authorization", "cc_auth_token=\"\(token)\""),
                                               ("Content-Type", "application/x-www-form-urlencoded")],
                                     body: Array(body.utf8)).status
    }
}

/// A client asking `/version` in a loop (a new connection each time) until stopped; answers are
/// the bodies of 200s or "status N" / "no response".
private final class Load: Sendable {
    private let stopped = Locked(false)
    private let answers = Locked<[String]>([])
    private let thread: JoinableThread

    init(platform: ScenarioPlatform, host: String) {
        let stopped = self.stopped, answers = self.answers
        thread = JoinableThread {
            let client = HTTPClient(timeout: 10)
            while !stopped.get() {
                let answer: String
                if let response = try? client.send(method: "GET", url: "http://127.0.0.1:\(platform.routerPort)/version",
                                                   headers: [("Host", host), ("Connection", "close")]) {
                    answer = response.status == 200 ? response.text : "status \(response.status)"
                } else {
                    answer = "no response"
                }
                answers.withLock { $0.append(answer) }
            }
        }
        usleep(300_000)
    }

    func stop() -> [String] {
        usleep(300_000)
        stopped.set(true)
        thread.join()
        return answers.get()
    }
}
