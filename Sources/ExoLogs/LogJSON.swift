/// The API's JSON for log entries: `[{"time": 1700000000.123456, "message": "…", …}]`, fields in the
/// type's order, `time` as a number with exactly six decimals (written by hand: a Double would print
/// noise digits).
public enum LogJSON {
    public static func encode(_ entries: [LogEntry], type: LogType) -> [UInt8] {
        var out = "["
        for (index, entry) in entries.enumerated() {
            if index > 0 { out += ", " }
            out += "{\"time\": " + LogTimestamp.format(entry.time)
            for field in type.fields {
                out += ", " + quote(field) + ": " + quote(entry.fields[field] ?? "")
            }
            out += "}"
        }
        out += "]"
        return Array(out.utf8)
    }

    /// A JSON string literal; control characters escaped, everything else as UTF-8.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
