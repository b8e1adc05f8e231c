import ExoCore

/// The text of the hooks exod installs. A hook is a fixed two-line sh script naming one absolute
/// program path; no user input ever reaches it.
enum HookScript {
    static func preReceive(program: String) throws -> String {
        try validate(program)
        return "#!/bin/sh\nexec '\(program)' pre-receive\n"
    }

    /// Absolute, printable, and free of the one character single quotes cannot hold.
    static func validate(_ program: String) throws {
        let bad = program.unicodeScalars.contains { $0 == "'" || $0.value < 0x20 || $0.value == 0x7f }
        guard program.hasPrefix("/"), !bad, !program.hasSuffix("/") else {
            throw ExoError.invalid("hook program must be an absolute path without quotes or control characters: \(program)")
        }
    }
}
