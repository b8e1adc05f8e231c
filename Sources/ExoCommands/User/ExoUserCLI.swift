import ExoAPIClient

/// `exouser`: the user-account commands of cctrl's `user_commands.py`.
public enum ExoUserCLI {
    static let prog = "exouser"
    static let usage = "exouser [-h, --help] [command]"

    static let commands: [CommandSpec] = [
        CommandSpec("create", help: "create user", options: [
            OptionSpec(["--name"], value: .required, help: "the username"),
            OptionSpec(["--email"], value: .required, help: "the email"),
            OptionSpec(["--password"], value: .required, help: "the password"),
        ]),
        CommandSpec("setup", help: "setup user", options: [
            OptionSpec(["--email"], value: .required, help: "user email"),
            OptionSpec(["--ssh-auth"], value: .required, choices: ["yes", "no"], help: "disable ssh public key auth"),
            OptionSpec(["--ssh-key-path"], value: .required, help: "path of the default public key"),
        ]),
        CommandSpec("activate", help: "activate user", positionals: [
            PositionalSpec("user_name", help: "your user name"),
            PositionalSpec("activation_code", help: "activation code from the email"),
        ]),
        CommandSpec("delete", help: "delete user", options: [AppCommandTree.force]),
        CommandSpec("key", help: "list public keys and key ids", positionals: [PositionalSpec("id", optional: true, help: "print key by id")]),
        CommandSpec("key.add", help: "add public key", positionals: [PositionalSpec("public_key", optional: true, help: "path to id_rsa.pub file")]),
        CommandSpec("key.remove", help: "remove public key", options: [AppCommandTree.force],
                    positionals: [PositionalSpec("id", help: "the key_id of the key - see listKeys")]),
        CommandSpec("logout", help: "logout - this deletes the saved token"),
        CommandSpec("checktoken"),
        CommandSpec("addon.register", help: "registers an addon", positionals: [PositionalSpec("manifest", help: "path to the manifest file")]),
    ]

    /// Runs `exouser` with `arguments` (without argv[0]); returns the exit status.
    public static func main(arguments: [String], environment: [String: String],
                            console: any Console = StandardConsole(),
                            transport: any APITransport = HTTPClientTransport()) -> Int32 {
        let config = CLIConfig.fromEnvironment(environment)
        var session: Session?
        let status = CLIRunner.run(console: console) {
            guard let (command, parsed) = try parse(arguments) else {
                console.print("\(prog) \(CLIConfig.version) using pycclib \(CLIConfig.pycclibVersion)")
                return
            }
            let newSession = Session(config: config, console: console, transport: transport)
            session = newSession
            try UserController(session: newSession).run(command, arguments: parsed)
        }
        session?.finish()
        return status
    }

    /// The command and its arguments, or nil for `-v/--version`.
    static func parse(_ arguments: [String]) throws -> (String, ParsedArguments)? {
        guard let first = arguments.first else { throw UsageError(prog: prog, usage: usage, message: "too few arguments") }
        switch first {
        case "-h", "--help": throw HelpRequested(text: help())
        case "-v", "--version": return nil
        default: break
        }
        guard let spec = commands.first(where: { $0.name == first }) else {
            if ArgumentParser.looksLikeOption(first) {
                throw UsageError(prog: prog, usage: usage, message: "too few arguments")
            }
            let choices = commands.map { "'\($0.name)'" }.joined(separator: ", ")
            throw UsageError(prog: prog, usage: usage, message: "argument : invalid choice: '\(first)' (choose from \(choices))")
        }
        let parsed = try ArgumentParser(spec: spec, prog: "\(prog) \(spec.name)").parse(Array(arguments.dropFirst()))
        return (spec.name, parsed)
    }

    static func help() -> String {
        var lines = ["usage: \(usage)", "", "\(prog) controls your user account", "",
                     "optional arguments:", HelpFormatter.row("-h, --help", "show this help message and exit"),
                     HelpFormatter.row("-v, --version", "show program's version number and exit"), "",
                     "commands:", "  available commands", ""]
        for command in commands {
            lines.append(HelpFormatter.row("  " + command.name, command.help))
        }
        lines += ["", "And now you're in control"]
        return lines.joined(separator: "\n") + "\n"
    }
}
