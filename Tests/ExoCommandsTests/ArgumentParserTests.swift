import ExoCommands
import Testing

struct ArgumentParserTests {
    let deploy = ArgumentParser(spec: CommandSpec("deploy", options: [
        OptionSpec(["--containers", "--min"], value: .required, metavar: "NUM", isInteger: true),
        OptionSpec(["--size", "--max"], value: .required, isInteger: true),
        OptionSpec(["--memory"], value: .required),
        OptionSpec(["--stack"], value: .optional),
        OptionSpec(["--repo"], value: .required, choices: ["bzr", "git"]),
        OptionSpec(["-f", "--force"], dest: "force"),
    ], positionals: [PositionalSpec("version", optional: true)]), prog: "exoapp NAME deploy")

    @Test func optionsMayComeBeforeOrAfterPositionals() throws {
        let parsed = try deploy.parse(["--containers", "2", "abc123", "--memory=256", "-f"])
        #expect(parsed["containers"] == "2")
        #expect(parsed["memory"] == "256")
        #expect(parsed["version"] == "abc123")
        #expect(parsed.flag("force"))
    }

    @Test func aliasesAndUniquePrefixesSelectTheSameOption() throws {
        #expect(try deploy.parse(["--min", "3"]).integer("containers") == 3)
        #expect(try deploy.parse(["--cont", "4"]).integer("containers") == 4)
    }

    @Test func negativeNumbersArePositionals() throws {
        #expect(try deploy.parse(["-1"])["version"] == "-1")
    }

    @Test func optionalValueMayBeLeftOut() throws {
        let parsed = try deploy.parse(["--stack"])
        #expect(parsed["stack"] == nil)
        #expect(try deploy.parse(["--stack", "pinky"])["stack"] == "pinky")
    }

    @Test func unknownOptionsAreUnrecognized() {
        #expect(throws: UsageError(prog: "exoapp NAME deploy", usage: deploy.usage, message: "unrecognized arguments: --bogus")) {
            try deploy.parse(["--bogus"])
        }
    }

    @Test func extraPositionalsAreUnrecognized() {
        #expect(throws: UsageError(prog: "exoapp NAME deploy", usage: deploy.usage, message: "unrecognized arguments: b c")) {
            try deploy.parse(["a", "b", "c"])
        }
    }

    @Test func missingValueIsReported() {
        #expect(throws: UsageError(prog: "exoapp NAME deploy", usage: deploy.usage, message: "argument --memory: expected one argument")) {
            try deploy.parse(["--memory"])
        }
    }

    @Test func nonIntegerIsReportedWithAllOptionNames() {
        #expect(throws: UsageError(prog: "exoapp NAME deploy", usage: deploy.usage,
                                   message: "argument --containers/--min: invalid int value: 'x'")) {
            try deploy.parse(["--containers", "x"])
        }
    }

    @Test func choicesAreEnforced() {
        #expect(throws: UsageError(prog: "exoapp NAME deploy", usage: deploy.usage,
                                   message: "argument --repo: invalid choice: 'svn' (choose from 'bzr', 'git')")) {
            try deploy.parse(["--repo", "svn"])
        }
    }

    @Test func ambiguousPrefixesAreRejected() {
        #expect(throws: UsageError.self) { try deploy.parse(["--s", "1"]) }
    }

    @Test func missingRequiredPositionalIsTooFewArguments() {
        let parser = ArgumentParser(spec: CommandSpec("create", positionals: [PositionalSpec("type")]), prog: "p")
        #expect(throws: UsageError(prog: "p", usage: parser.usage, message: "too few arguments")) { try parser.parse([]) }
    }

    @Test func helpIsRequestedWithDashH() {
        #expect(throws: HelpRequested.self) { try deploy.parse(["-h"]) }
    }

    @Test func usageErrorTextLooksLikeArgparse() {
        let error = UsageError(prog: "exoapp", usage: "exoapp [-h]", message: "too few arguments")
        #expect(error.description == "usage: exoapp [-h]\nexoapp: error: too few arguments\n")
    }

    @Test func cliExitsWithStatusTwoOnUsageErrors() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        let api = FakeAPI { _ in json(500, "{}") }
        #expect(ExoAppCLI.main(arguments: [], environment: home.environment(), console: console, transport: api) == 2)
        #expect(console.err.hasSuffix("exoapp: error: too few arguments\n"))
        #expect(ExoAppCLI.main(arguments: ["hello", "frobnicate"], environment: home.environment(), console: console, transport: api) == 2)
        #expect(console.err.contains("exoapp: error: argument : invalid choice: 'frobnicate' (choose from 'run', "))
        #expect(ExoUserCLI.main(arguments: ["create", "--nme", "x"], environment: home.environment(), console: console, transport: api) == 2)
        #expect(api.requests.isEmpty)
    }

    @Test func versionFlagPrintsCctrlVersionString() {
        let home = TempHome()
        defer { home.cleanup() }
        let console = RecordingConsole()
        #expect(ExoAppCLI.main(arguments: ["-v"], environment: home.environment(), console: console,
                               transport: FakeAPI { _ in json(500, "{}") }) == 0)
        #expect(console.out == "exoapp 1.16.1 using pycclib 1.6.2\n")
    }
}
