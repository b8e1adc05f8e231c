import ExoCommands
import Testing

struct MemoryOptionTests {
    @Test func multiplesOf128AreNotRounded() {
        #expect(MemoryOption.boxes(forMemory: "256")! == (2, nil))
        #expect(MemoryOption.boxes(forMemory: "256MB")! == (2, nil))
        #expect(MemoryOption.boxes(forMemory: "512m")! == (4, nil))
        #expect(MemoryOption.boxes(forMemory: "1GB")! == (8, nil))
        #expect(MemoryOption.boxes(forMemory: "1g")! == (8, nil))
    }

    @Test func otherSizesRoundUpToTheNextBox() {
        #expect(MemoryOption.boxes(forMemory: "300")! == (3, 384))
        #expect(MemoryOption.boxes(forMemory: "1")! == (1, 128))
    }

    @Test(arguments: ["", "abc", "256kb", "mb", "1 gb", "-256"])
    func unknownUnitsOrMissingNumbersAreInvalid(_ text: String) {
        #expect(MemoryOption.boxes(forMemory: text) == nil)
    }

    @Test func roundingMessageNamesTheRoundedSize() {
        #expect(MemoryOption.roundingMessage(384) == "Memory size has to be a multiple of 128MB and has been rounded up to 384MB.")
    }

    @Test func deployWarnsOnStderrAndSendsRoundedBoxes() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(200, Fixtures.deployment) }
        let status = ExoAppCLI.main(arguments: ["hello", "deploy", "--memory", "300"], environment: home.environment(token: "t0k"),
                                    console: console, transport: api)
        #expect(status == 0)
        #expect(console.err == "Memory size has to be a multiple of 128MB and has been rounded up to 384MB.\n")
        #expect(console.out == "")
        #expect(api.requests.map(\.method) == ["PUT"])
        #expect(api.requests.first?.path == "/app/hello/deployment/default/")
        #expect(api.requests.first?.body == "version=-1&max_boxes=3")
    }

    @Test func deployRejectsMemoryBeyondOneGigabyte() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(200, Fixtures.deployment) }
        let status = ExoAppCLI.main(arguments: ["hello", "deploy", "--memory", "2g"], environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == "[ERROR] Memory size should be an integer between 128 and 1024 MB.\n")
        #expect(api.requests.isEmpty)
    }

    /// pycclib drops a zero as "not given" and deploys without a word; exoapp refuses it.
    @Test(arguments: [(["--memory", "0"], "[ERROR] Memory size should be an integer between 128 and 1024 MB.\n"),
                      (["--memory", "0MB"], "[ERROR] Memory size should be an integer between 128 and 1024 MB.\n"),
                      (["--size", "0"], "[ERROR] Size should be an integer between 1 and 8.\n")])
    func deployRefusesAZeroSizeOrMemory(_ options: [String], _ message: String) {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(200, Fixtures.deployment) }
        let status = ExoAppCLI.main(arguments: ["hello", "deploy"] + options, environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 1)
        #expect(console.err == message)
        #expect(api.requests.isEmpty)
    }

    /// A zero container count goes to the server (which refuses it naming the field), not dropped.
    @Test func deploySendsZeroContainersForTheServerToRefuse() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(400, #"{"min_boxes": "The number of containers must be between 1 and 8."}"#) }
        let status = ExoAppCLI.main(arguments: ["hello", "deploy", "--containers", "0"], environment: home.environment(token: "t"),
                                    console: console, transport: api)
        #expect(status == 1)
        #expect(api.requests.map(\.body) == ["version=-1&min_boxes=0"])
        #expect(console.err.contains("The number of containers must be between 1 and 8."), "\(console.err)")
    }

    @Test func deployRefusesSizeAndMemoryTogether() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let status = ExoAppCLI.main(arguments: ["hello", "deploy", "--size", "2", "--memory", "256"],
                                    environment: home.environment(token: "t"), console: console,
                                    transport: FakeAPI { _ in json(200, Fixtures.deployment) })
        #expect(status == 1)
        #expect(console.err == "[ERROR] You can only specify one of --size or --memory.\n")
    }
}
