/// The rules of a `.cctrlignore` file: gitignore syntax without negation (`!`), as the
/// cloudControl docs define it. Any matching rule ignores the path, so order does not matter.
///
/// Supported: `#` comments, blank lines, `\#`/`\ ` escapes, globs `*` `?` `[...]` within one
/// path segment, `**` across segments, leading `/` (or any inner `/`) anchors to the root,
/// trailing `/` matches directories only, and a path is ignored when any parent dir is.
/// Lines starting with `!` are skipped: re-including needs negation, which cctrl never had.
public struct IgnoreRules: Sendable {
    struct Rule: Sendable {
        var segments: [String]   // glob per path segment; "**" spans any number of segments
        var directoryOnly: Bool
    }

    let rules: [Rule]

    public init(parsing text: String) {
        var rules: [Rule] = []
        for line in ASCII.lines(text) {
            if let rule = Self.parseLine(line) { rules.append(rule) }
        }
        self.rules = rules
    }

    public var isEmpty: Bool { rules.isEmpty }

    /// Whether `relativePath` (relative to the repository root, "/"-separated) is excluded,
    /// either itself or through one of its parent directories.
    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        let parts = relativePath.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !parts.isEmpty, !rules.isEmpty else { return false }
        for count in 1...parts.count {
            let candidate = Array(parts[..<count])
            let candidateIsDirectory = count < parts.count || isDirectory
            for rule in rules where !rule.directoryOnly || candidateIsDirectory {
                if Glob.matchPath(rule.segments[...], candidate[...]) { return true }
            }
        }
        return false
    }

    static func parseLine(_ text: String) -> Rule? {
        var line = text
        if line.hasPrefix("#") || line.hasPrefix("!") { return nil }
        line = trimTrailingUnescapedSpaces(line)
        if line.hasPrefix("\\#") || line.hasPrefix("\\!") { line.removeFirst() }
        var directoryOnly = false
        while line.hasSuffix("/") {
            directoryOnly = true
            line.removeLast()
        }
        guard !line.isEmpty else { return nil }
        // A slash at the start or in the middle anchors the pattern to the root; otherwise it
        // matches at any depth, which is the same as a leading "**/".
        let anchored = line.contains("/")
        var segments = line.split(separator: "/").map(String.init)
        guard !segments.isEmpty else { return nil }
        if !anchored { segments.insert("**", at: 0) }
        return Rule(segments: segments, directoryOnly: directoryOnly)
    }

    private static func trimTrailingUnescapedSpaces(_ line: String) -> String {
        var chars = Array(line)
        while let last = chars.last, last == " " || last == "\t" {
            if chars.count >= 2, chars[chars.count - 2] == "\\" {
                chars.remove(at: chars.count - 2)   // "\ " keeps one literal space
                break
            }
            chars.removeLast()
        }
        return String(chars)
    }
}
