import ExoCommands
import Testing

struct NameParsingTests {
    @Test func bareAppNameLeavesDeploymentEmpty() throws {
        let name = try #require(AppDeploymentName.parse("hello2"))
        #expect(name == AppDeploymentName(app: "hello2", deployment: ""))
        #expect(name.deploymentOrDefault == "default")
    }

    @Test func appSlashDeploymentAllowsDottedDeploymentNames() throws {
        #expect(AppDeploymentName.parse("hello/dev") == AppDeploymentName(app: "hello", deployment: "dev"))
        #expect(AppDeploymentName.parse("hello/v1.2") == AppDeploymentName(app: "hello", deployment: "v1.2"))
    }

    @Test(arguments: ["", "Hello", "1hello", "hel-lo", "hello/", "hello/Dev", "hello/a..b", "hello/.a", "hello/a.", "hello/a/b", "/dev"])
    func invalidNamesAreRejected(_ text: String) {
        #expect(AppDeploymentName.parse(text) == nil)
    }

    @Test func deployReportsTheApplicationNameRuleWithErrorPrefix() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(500, "{}") }
        let status = ExoAppCLI.main(arguments: ["1hello", "deploy"], environment: home.environment(), console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == "[ERROR] Name may only contain a-z and 0-9 and must not start with a number.\n")
        #expect(api.requests.isEmpty)
    }

    @Test func detailsReportsTheGenericNameMessageWithoutPrefix() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["Hello", "details"], environment: home.environment(), console: console,
                                    transport: FakeAPI { _ in json(500, "{}") })
        #expect(status == 1)
        #expect(console.err == "The application or deployment name is invalid.\n")
    }
}
