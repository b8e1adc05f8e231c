import ExoAPIClient
import ExoCommands
import ExoWire
import Foundation
import Testing

/// `config*` and `addon*` against a fake API: the requests cctrl sends and the texts it prints.
struct ConfigCommandTests {
    static func run(_ arguments: [String], answers: [String] = [], _ handler: @escaping FakeAPI.Handler)
        -> (status: Int32, console: RecordingConsole, api: FakeAPI) {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole(answers: answers)
        let api = FakeAPI(handler)
        let status = ExoAppCLI.main(arguments: arguments, environment: home.environment(token: "t"), console: console, transport: api)
        return (status, console, api)
    }

    static func form(_ request: SeenRequest) -> [String: String] { FormEncoding.decode(request.body) }

    @Test func addSendsValuesUnstrippedFileContentsAndTrueForBareKeys() throws {
        let file = NSTemporaryDirectory() + "exo-pem-" + UUID().uuidString
        try Data("-----BEGIN X-----\nabc\n-----END X-----\n".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let (status, console, api) = Self.run(["hello", "config.add", "A=  x = y  ", "PEM=" + file, "BARE"]) { _ in json(200, "{}") }
        #expect(status == 0, "\(console.err)")
        let put = try #require(api.requests.last)
        #expect("\(put.method) \(put.path)" == "PUT /app/hello/deployment/default/addon/config.free/")
        let fields = Self.form(put)
        #expect(fields["addon"] == "config.free")
        #expect(fields["force"] == nil)
        let settings = try #require(try JSONSerialization.jsonObject(with: Data((fields["settings"] ?? "").utf8)) as? [String: String])
        #expect(settings == ["A": "  x = y  ", "PEM": "-----BEGIN X-----\nabc\n-----END X-----\n", "BARE": "true"])
    }

    @Test func anOverwriteConflictAsksAndRetriesWithForceOnlyOnYes() {
        let conflict: FakeAPI.Handler = { request in
            Self.form(request)["force"] == nil ? json(503, #"{"error": "The config variable A is already set."}"#) : json(200, "{}")
        }
        let denied = Self.run(["hello", "config.add", "A=2"], answers: ["no"], conflict)
        #expect(denied.status == 0)
        #expect(denied.console.prompts == ["The config variable A is already set. Do you really want to overwrite it? Type \"Yes\" without the quotes to proceed: "])
        #expect(denied.api.requests.count == 1)
        #expect(denied.console.out.hasSuffix("to proceed: Action canceled on user request.\n"), "\(denied.console.out)")
        // No terminal to answer (stdin at its end): the same, so a script sees nothing changed.
        let unanswered = Self.run(["hello", "config.add", "A=2"], answers: [], conflict)
        #expect(unanswered.console.out.hasSuffix("to proceed: \nAction canceled on user request.\n"), "\(unanswered.console.out)")
        #expect(unanswered.api.requests.count == 1)
        let accepted = Self.run(["hello", "config.add", "A=2"], answers: ["yes"], conflict)
        #expect(accepted.status == 0)
        #expect(accepted.api.requests.count == 2)
        #expect(Self.form(accepted.api.requests[1])["force"] == "True")
        let forced = Self.run(["hello", "config.add", "A=2", "-f"], conflict)
        #expect(forced.console.prompts.isEmpty)
        #expect(forced.api.requests.count == 1)
        #expect(Self.run(["hello", "config.add", "-f", "A=2", "--force"], conflict).console.err == "[ERROR] Please, specify a flag only once.\n")
        #expect(Self.run(["hello", "config.add"], conflict).console.err == "[ERROR] You must provide some variables.\n")
    }

    @Test func addWithoutTheAddonBooksItWithTheVariables() throws {
        let (status, _, api) = Self.run(["hello/dev", "config.add", "A=1"]) { request in
            request.method == "PUT" ? json(410, #"{"error": "gone"}"#) : json(201, "{}")
        }
        #expect(status == 0)
        let post = try #require(api.requests.last)
        #expect("\(post.method) \(post.path)" == "POST /app/hello/deployment/dev/addon/")
        #expect(Self.form(post)["options"] == #"{"A":"1"}"#)
    }

    @Test func configListsShellQuotedSortedAndShowsOneKeyRaw() {
        let addon = #"{"addon_option": {"name": "config.free"}, "settings": {"CONFIG_VARS": {"B": "it's", "A": "plain", "C": "a b\nc"}}}"#
        #expect(Self.run(["hello", "config"]) { _ in json(200, addon) }.console.out == "A=plain\nB='it'\"'\"'s'\nC='a b\nc'\n")
        #expect(Self.run(["hello", "config", "C"]) { _ in json(200, addon) }.console.out == "a b\nc\n")
        #expect(Self.run(["hello", "config", "Z"]) { _ in json(200, addon) }.console.out == "[ERROR] Key `Z` not found.\n")
        #expect(Self.run(["hello", "config"]) { _ in json(410, "{}") }.console.out == "[ERROR] No configuration variables for this deployment.\n")
    }

    @Test func removeSendsNullsAndAnUnbookedAddonIsWrongAddon() throws {
        let (_, _, api) = Self.run(["hello", "config.remove", "A", "B"]) { _ in json(200, "{}") }
        #expect(Self.form(try #require(api.requests.last))["settings"] == #"{"A":null,"B":null}"#)
        let gone = Self.run(["hello", "config.remove", "A"]) { _ in json(410, "{}") }
        #expect(gone.console.err == "[ERROR] This addon is unknown for this app_name/deployment_name.\n")
    }

    @Test func credsPrintsPythonsJSONDumpAndListPrintsTheCatalogue() {
        let addons = #"[{"addon_option": {"name": "config.free"}, "settings": {"CONFIG_VARS": {"K": "ü \"q\"\n"}}}, {"addon_option": {"name": "alias.free"}, "settings": {}}]"#
        let creds = Self.run(["hello", "addon.creds"]) { _ in json(200, addons) }.console.out
        #expect(creds == "{\n    \"CONFIG\": {\n        \"CONFIG_VARS\": {\n            \"K\": \"\\u00fc \\\"q\\\"\\n\"\n        }\n    }\n}\n")
        let catalogue = Self.run(["hello", "addon.list"]) { _ in
            json(200, #"[{"name": "config", "stage": "ga", "options": [{"name": "config.free"}]}]"#)
        }
        #expect(catalogue.console.out == "\nAddon: config\n   config.free\n")
        #expect(catalogue.api.requests.first?.header("Authorization") == nil)
        let detail = Self.run(["hello", "addon", "config.free"]) { _ in
            json(200, #"{"addon_option": {"name": "config.free"}, "settings": {"CONFIG_VARS": {"K": "v"}}}"#)
        }
        #expect(detail.console.out == "Addon                    : config.free\n   \n Settings\n   CONFIG_VARS              : {'K': 'v'}\n")
    }

    @Test func addonAddMapsDuplicateAndInvalidNames() {
        #expect(Self.run(["hello", "addon.add", "config.free"]) { _ in json(409, #"{"error": "dup"}"#) }.console.err
                == "[ERROR] You can not add the same addon option twice.\n")
        #expect(Self.run(["hello", "addon.add", "x.y"]) { _ in json(400, #"{"addon": "This is not a valid addon name. Available: config.free."}"#) }
                .console.err.hasPrefix("[ERROR] This is not a valid addon name. Check the list"))
        let (_, _, api) = Self.run(["hello", "addon.add", "config.free", "--A=1", "--FLAG"]) { _ in json(201, "{}") }
        #expect(api.requests.last.map { Self.form($0)["options"] } == #"{"A":"1","FLAG":"true"}"#)
    }
}
