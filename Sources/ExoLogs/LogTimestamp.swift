/// The `?timestamp=` values pycclib sends, and the `time` values the API writes.
public enum LogTimestamp {
    /// Microseconds since the epoch from `"SECONDS"` (pycclib's `calendar.timegm`) or
    /// `"SECONDS.MICROS"` (pycclib's `'{0}.{1}'.format(int(mktime(t)), t.microsecond)`). pycclib does
    /// not zero-pad the microseconds, so the fraction is read as a count of microseconds, not as a
    /// decimal fraction; our client always sends six digits, which reads the same either way.
    /// A fraction longer than six digits can only be a decimal fraction and is read as one.
    public static func parse(_ text: String) -> Int64? {
        let parts = text.trimmingPrefixSpaces().split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let secondsText = parts.first, !secondsText.isEmpty, secondsText.allSatisfy(\.isASCIIDigit),
              secondsText.count <= 12, let seconds = Int64(secondsText) else { return nil }
        var micros: Int64 = 0
        if parts.count == 2 {
            let fraction = parts[1]
            guard !fraction.isEmpty, fraction.allSatisfy(\.isASCIIDigit) else { return nil }
            if fraction.count <= 6 {
                micros = Int64(fraction) ?? 0
            } else {
                micros = Int64(fraction.prefix(6)) ?? 0
            }
        }
        return seconds * 1_000_000 + micros
    }

    /// `SECONDS.MICROS` with six digits: a JSON number Python's `float()` reads back to the same microsecond.
    public static func format(_ micros: Int64) -> String {
        let seconds = micros / 1_000_000
        let fraction = String(micros % 1_000_000)
        return "\(seconds)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingPrefixSpaces() -> Substring {
        self.drop { $0 == " " }
    }
}
