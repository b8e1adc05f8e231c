/// Parses a (sub)command's arguments the way Python 2.7's argparse does for the features cctrl
/// uses: options anywhere, `--opt=value`, unique prefixes of long options, `--` ends options,
/// negative numbers count as positionals, and argparse's error texts.
public struct ArgumentParser: Sendable {
    public var spec: CommandSpec
    /// The program name shown in errors, e.g. "exoapp app_name[/deployment_name] deploy".
    public var prog: String

    public init(spec: CommandSpec, prog: String) {
        self.spec = spec
        self.prog = prog
    }

    public func parse(_ arguments: [String]) throws -> ParsedArguments {
        var result = ParsedArguments()
        var positionals: [String] = []
        var unrecognized: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !Self.looksLikeOption(argument) {
                positionals.append(argument)
                if spec.positionals.last?.remainder == true,
                   positionals.count >= spec.positionals.count - 1 {
                    // Once the positionals before the remainder are filled, everything after belongs
                    // to it, options included (argparse.REMAINDER: `addon.add NAME --opt value`).
                    positionals.append(contentsOf: arguments[index...])
                    break
                }
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                throw HelpRequested(text: HelpFormatter.help(for: spec, prog: prog))
            }
            let (name, attached) = Self.split(argument)
            guard let option = try match(name) else {
                unrecognized.append(argument)
                continue
            }
            switch option.value {
            case .none:
                if attached != nil { throw error("argument \(option.displayName): ignored explicit argument '\(attached!)'") }
                result.flags.insert(option.dest)
            case .required, .optional:
                var value = attached
                if value == nil, index < arguments.count, !Self.looksLikeOption(arguments[index]) {
                    value = arguments[index]
                    index += 1
                }
                guard let value else {
                    if option.value == .optional { result.values[option.dest] = nil; continue }
                    throw error("argument \(option.displayName): expected one argument")
                }
                try check(value, for: option)
                result.values[option.dest] = value
            }
        }
        try assign(positionals, to: &result, unrecognized: &unrecognized)
        if !unrecognized.isEmpty {
            throw error("unrecognized arguments: " + unrecognized.joined(separator: " "))
        }
        return result
    }

    public var usage: String { HelpFormatter.usage(for: spec, prog: prog) }

    func error(_ message: String) -> UsageError {
        UsageError(prog: prog, usage: usage, message: message)
    }

    private func assign(_ positionals: [String], to result: inout ParsedArguments, unrecognized: inout [String]) throws {
        var rest = positionals[...]
        let required = spec.positionals.filter { !$0.optional && !$0.remainder }.count
        if rest.count < required { throw error("too few arguments") }
        var optionalSlots = rest.count - required
        for positional in spec.positionals {
            if positional.remainder {
                result.lists[positional.dest] = Array(rest)
                rest = []
                continue
            }
            if positional.optional {
                guard optionalSlots > 0, let value = rest.first else { continue }
                optionalSlots -= 1
                try check(value, choices: positional.choices, name: positional.dest)
                result.values[positional.dest] = value
                rest = rest.dropFirst()
                continue
            }
            guard let value = rest.first else { throw error("too few arguments") }
            try check(value, choices: positional.choices, name: positional.dest)
            result.values[positional.dest] = value
            rest = rest.dropFirst()
        }
        unrecognized.insert(contentsOf: rest, at: 0)
    }

    private func match(_ name: String) throws -> OptionSpec? {
        if let exact = spec.options.first(where: { $0.names.contains(name) }) { return exact }
        guard name.hasPrefix("--"), name.count > 2 else { return nil }
        let candidates = spec.options.flatMap { option in
            option.names.filter { $0.hasPrefix("--") && $0.hasPrefix(name) }.map { (option, $0) }
        }
        if candidates.count > 1 {
            let names = candidates.map(\.1).joined(separator: ", ")
            throw error("ambiguous option: \(name) could match \(names)")
        }
        return candidates.first?.0
    }

    private func check(_ value: String, for option: OptionSpec) throws {
        if option.isInteger, Int(value) == nil {
            throw error("argument \(option.displayName): invalid int value: '\(value)'")
        }
        try check(value, choices: option.choices, name: option.displayName)
    }

    private func check(_ value: String, choices: [String]?, name: String) throws {
        guard let choices, !choices.contains(value) else { return }
        let list = choices.map { "'\($0)'" }.joined(separator: ", ")
        throw error("argument \(name): invalid choice: '\(value)' (choose from \(list))")
    }

    /// `--name=value` → ("--name", "value"); `-fVALUE` is not split (cctrl's short options are flags).
    static func split(_ argument: String) -> (String, String?) {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
    }

    /// argparse treats "-1" and "-0.5" as positionals when no option looks like a number.
    static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        return Double(argument) == nil
    }
}
