import Foundation

/// Declarations for the small argparse-like parser: the CLIs mirror cctrl's argparse trees.

/// An option such as `-f/--force` (flag) or `--memory M` (value).
public struct OptionSpec: Sendable {
    public enum Value: Sendable, Equatable {
        case none           // a flag (store_true)
        case required       // exactly one value
        case optional       // nargs='?': the value may be left out (then it is absent)
    }

    public var names: [String]
    public var dest: String
    public var value: Value
    public var metavar: String?
    public var choices: [String]?
    public var isInteger: Bool
    public var help: String

    public init(_ names: [String], dest: String? = nil, value: Value = .none, metavar: String? = nil,
                choices: [String]? = nil, isInteger: Bool = false, help: String = "") {
        self.names = names
        let long = names.first { $0.hasPrefix("--") } ?? names[0]
        self.dest = dest ?? String(long.drop { $0 == "-" }).replacingOccurrences(of: "-", with: "_")
        self.value = value
        self.metavar = metavar
        self.choices = choices
        self.isInteger = isInteger
        self.help = help
    }

    /// argparse's display name in errors: all option strings joined by "/".
    var displayName: String { names.joined(separator: "/") }
}

/// A positional argument; `optional` is nargs='?', `remainder` takes everything that is left.
public struct PositionalSpec: Sendable {
    public var dest: String
    public var metavar: String
    public var optional: Bool
    public var remainder: Bool
    public var choices: [String]?
    public var help: String

    public init(_ dest: String, metavar: String? = nil, optional: Bool = false, remainder: Bool = false,
                choices: [String]? = nil, help: String = "") {
        self.dest = dest
        self.metavar = metavar ?? dest
        self.optional = optional
        self.remainder = remainder
        self.choices = choices
        self.help = help
    }
}

/// One (sub)command: its options and positionals, as argparse would declare them.
public struct CommandSpec: Sendable {
    public var name: String
    public var help: String
    public var options: [OptionSpec]
    public var positionals: [PositionalSpec]

    public init(_ name: String, help: String = "", options: [OptionSpec] = [], positionals: [PositionalSpec] = []) {
        self.name = name
        self.help = help
        self.options = options
        self.positionals = positionals
    }
}

/// What a parse produced: option values, flags and positionals by `dest`.
public struct ParsedArguments: Sendable, Equatable {
    public var values: [String: String] = [:]
    public var flags: Set<String> = []
    public var lists: [String: [String]] = [:]

    public init() {}

    public subscript(_ dest: String) -> String? { values[dest] }

    public func flag(_ dest: String) -> Bool { flags.contains(dest) }

    public func integer(_ dest: String) -> Int? { values[dest].flatMap { Int($0) } }

    public func list(_ dest: String) -> [String] { lists[dest] ?? [] }
}
