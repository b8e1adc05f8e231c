/// A command line argparse would reject: printed as its usage line plus `PROG: error: MESSAGE`, exit 2.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public var prog: String
    public var usage: String
    public var message: String

    public init(prog: String, usage: String, message: String) {
        self.prog = prog
        self.usage = usage
        self.message = message
    }

    /// The text for stderr, ending in a newline.
    public var description: String {
        "usage: \(usage)\n\(prog): error: \(message)\n"
    }
}

/// `-h/--help` was given: print `text` on stdout and exit 0.
public struct HelpRequested: Error, Sendable, Equatable {
    public var text: String
}
