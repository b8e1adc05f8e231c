/// fnmatch-style glob matching for `IgnoreRules`: `*` and `?` never cross a "/", `[...]` classes
/// with ranges and `!`/`^` negation, `\` escapes; a whole segment `**` spans zero or more
/// segments (a trailing one at least one, so `dir/**` ignores the contents, like git).
enum Glob {
    static func matchPath(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let head = pattern.first else { return path.isEmpty }
        if head == "**" {
            let rest = pattern.dropFirst()
            if rest.isEmpty { return !path.isEmpty }
            var remaining = path
            while true {
                if matchPath(rest, remaining) { return true }
                guard !remaining.isEmpty else { return false }
                remaining = remaining.dropFirst()
            }
        }
        guard let segment = path.first, matchSegment(Array(head)[...], Array(segment)[...]) else { return false }
        return matchPath(pattern.dropFirst(), path.dropFirst())
    }

    static func matchSegment(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        var p = pattern
        var t = text
        while let c = p.first {
            switch c {
            case "*":
                let rest = p.drop { $0 == "*" }
                if rest.isEmpty { return true }
                var suffix = t
                while true {
                    if matchSegment(rest, suffix) { return true }
                    guard !suffix.isEmpty else { return false }
                    suffix = suffix.dropFirst()
                }
            case "?":
                guard !t.isEmpty else { return false }
                p = p.dropFirst()
                t = t.dropFirst()
            case "[":
                guard let ch = t.first else { return false }
                if let (matched, rest) = matchClass(p.dropFirst(), ch) {
                    guard matched else { return false }
                    p = rest
                } else {
                    guard ch == "[" else { return false }   // unterminated class: literal "["
                    p = p.dropFirst()
                }
                t = t.dropFirst()
            default:
                var literal = c
                if c == "\\", p.count > 1 {
                    p = p.dropFirst()
                    literal = p.first!
                }
                guard t.first == literal else { return false }
                p = p.dropFirst()
                t = t.dropFirst()
            }
        }
        return t.isEmpty
    }

    /// Matches `ch` against the class whose body starts at `body` (just after "["); returns
    /// the result and the pattern after "]", or nil when the class is unterminated.
    private static func matchClass(_ body: ArraySlice<Character>, _ ch: Character)
        -> (Bool, ArraySlice<Character>)?
    {
        var p = body
        var negated = false
        if let first = p.first, first == "!" || first == "^" {
            negated = true
            p = p.dropFirst()
        }
        var matched = false
        var isFirst = true
        while let c = p.first {
            if c == "]" && !isFirst { return (matched != negated, p.dropFirst()) }
            isFirst = false
            var low = c
            p = p.dropFirst()
            if low == "\\", let escaped = p.first {
                low = escaped
                p = p.dropFirst()
            }
            if p.count >= 2, p.first == "-", let high = p.dropFirst().first, high != "]" {
                p = p.dropFirst(2)
                if low <= ch && ch <= high { matched = true }
            } else if low == ch {
                matched = true
            }
        }
        return nil
    }
}
