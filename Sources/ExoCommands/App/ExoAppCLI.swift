import ExoAPIClient

/// `exoapp`: parses the command line like cctrl's `app_commands.py` and runs one command.
public enum ExoAppCLI {
    static let prog = "exoapp"
    static let usage = "exoapp [-h] [-l] [-v] \(AppCommandTree.nameMetavar)  ..."

    /// Runs `exoapp` with `arguments` (without argv[0]); returns the exit status.
    public static func main(arguments: [String], environment: [String: String],
                            console: any Console = StandardConsole(),
                            transport: any APITransport = HTTPClientTransport()) -> Int32 {
        let config = CLIConfig.fromEnvironment(environment)
        var session: Session?
        let status = CLIRunner.run(console: console) {
            let invocation = try parse(arguments)
            let newSession = Session(config: config, console: console, transport: transport)
            session = newSession
            let controller = AppController(session: newSession)
            switch invocation {
            case .list:
                try controller.list()
            case .version:
                console.print("\(prog) \(CLIConfig.version) using pycclib \(CLIConfig.pycclibVersion)")
            case .command(let name, let command, let arguments):
                try controller.run(command, name: name, arguments: arguments)
            }
        }
        session?.finish()
        return status
    }

    enum Invocation: Equatable {
        case list, version
        case command(name: String, command: String, arguments: ParsedArguments)
    }

    /// The top level: `-h`, `-l`, `-v` act as soon as they are seen (argparse actions), then
    /// the name and the command word; the rest belongs to the command's own parser.
    static func parse(_ arguments: [String]) throws -> Invocation {
        var words: [String] = []
        var unrecognized: [String] = []
        var index = 0
        while index < arguments.count, words.count < 2 {
            let argument = arguments[index]
            index += 1
            guard ArgumentParser.looksLikeOption(argument) else {
                words.append(argument)
                continue
            }
            switch argument {
            case "-h", "--help": throw HelpRequested(text: help())
            case "-l", "--list", "--li", "--lis": return .list
            case "-v", "--version", "--v", "--ve", "--ver", "--vers", "--versi", "--versio": return .version
            default: unrecognized.append(argument)
            }
        }
        guard words.count == 2 else { throw UsageError(prog: prog, usage: usage, message: "too few arguments") }
        guard let spec = AppCommandTree.command(named: words[1]) else {
            let choices = AppCommandTree.commands.map { "'\($0.name)'" }.joined(separator: ", ")
            throw UsageError(prog: prog, usage: usage, message: "argument : invalid choice: '\(words[1])' (choose from \(choices))")
        }
        let parser = ArgumentParser(spec: spec, prog: "\(prog) \(AppCommandTree.nameMetavar) \(spec.name)")
        let parsed = try parser.parse(Array(arguments[index...]))
        if !unrecognized.isEmpty {
            throw UsageError(prog: prog, usage: usage, message: "unrecognized arguments: " + unrecognized.joined(separator: " "))
        }
        return .command(name: words[0], command: spec.name, arguments: parsed)
    }

    static func help() -> String {
        var lines = [
            "usage: \(usage)", "", "\(prog) controls your cloudControl apps", "",
            "optional arguments:",
            HelpFormatter.row("-h, --help", "show this help message and exit"),
            HelpFormatter.row("-v, --version", "show version string"), "",
            "list apps:", "  get a list of all your apps", "", HelpFormatter.row("-l, --list", "list apps"), "",
            "control apps:", "  control app or deployment", "",
            HelpFormatter.row(AppCommandTree.nameMetavar, "app_name for apps or app_name/deployment_name for deployments"), "",
            "commands:", "  available commands", "",
        ]
        for command in AppCommandTree.commands {
            lines.append(HelpFormatter.row("  " + command.name, command.help))
        }
        lines += ["", "And now you're in control"]
        return lines.joined(separator: "\n") + "\n"
    }
}
