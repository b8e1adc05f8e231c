/// Usage lines and help texts in argparse's layout (close to, not byte-equal with, Python's).
enum HelpFormatter {
    static func usage(for spec: CommandSpec, prog: String) -> String {
        var parts = [prog, "[-h]"]
        for option in spec.options {
            let name = option.names[0]
            switch option.value {
            case .none: parts.append("[\(name)]")
            case .required: parts.append("[\(name) \(metavar(option))]")
            case .optional: parts.append("[\(name) [\(metavar(option))]]")
            }
        }
        for positional in spec.positionals {
            if positional.remainder {
                parts.append("...")
            } else {
                parts.append(positional.optional ? "[\(positional.metavar)]" : positional.metavar)
            }
        }
        return parts.joined(separator: " ")
    }

    static func help(for spec: CommandSpec, prog: String) -> String {
        var lines = ["usage: " + usage(for: spec, prog: prog), ""]
        if !spec.positionals.isEmpty {
            lines.append("positional arguments:")
            for positional in spec.positionals {
                lines.append(row(positional.metavar, positional.help))
            }
            lines.append("")
        }
        lines.append("optional arguments:")
        lines.append(row("-h, --help", "show this help message and exit"))
        for option in spec.options {
            let names = option.names.map { option.value == .none ? $0 : "\($0) \(metavar(option))" }
            lines.append(row(names.joined(separator: ", "), option.help))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func row(_ name: String, _ help: String) -> String {
        let label = "  " + name
        guard !help.isEmpty else { return label }
        if label.count < 24 { return label + String(repeating: " ", count: 24 - label.count) + help }
        return label + "\n" + String(repeating: " ", count: 24) + help
    }

    static func metavar(_ option: OptionSpec) -> String {
        if let metavar = option.metavar { return metavar }
        if let choices = option.choices { return "{" + choices.joined(separator: ",") + "}" }
        return option.dest.uppercased()
    }
}
