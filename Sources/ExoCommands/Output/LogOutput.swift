import Foundation

/// One entry of `GET …/log/TYPE/` as the CLI sees it: `time` (epoch seconds, number or string)
/// and the type's fields as text.
public struct LogLine: Sendable, Equatable {
    public var time: Double
    public var fields: [String: String]

    public init(time: Double, fields: [String: String]) {
        self.time = time
        self.fields = fields
    }

    /// Entries of a log answer; entries without a readable `time` are skipped, non-text fields become text.
    public static func decode(_ body: [UInt8]) -> [LogLine]? {
        guard let list = try? JSONSerialization.jsonObject(with: Data(body)) as? [[String: Any]] else { return nil }
        return list.compactMap { object in
            let time: Double? = switch object["time"] {
            case let number as NSNumber: number.doubleValue
            case let text as String: Double(text)
            default: nil
            }
            guard let time else { return nil }
            var fields: [String: String] = [:]
            for (key, value) in object where key != "time" {
                switch value {
                case let text as String: fields[key] = text
                case let number as NSNumber: fields[key] = number.stringValue
                case is NSNull: fields[key] = "None"
                default: fields[key] = "\(value)"
                }
            }
            return LogLine(time: time, fields: fields)
        }
    }

    /// The `?timestamp=` for the next poll: this entry's time as whole microseconds, six digits.
    public var timestamp: String {
        let micros = Int64((time * 1_000_000).rounded())
        let fraction = String(micros % 1_000_000)
        return "\(micros / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
    }
}

/// cctrl's `print_log_entries` and the filters of its `log` command (spec §2.4), times in local time.
public enum LogOutput {
    /// The printed line of an entry; nil for an access entry that lacks a field (cctrl skips those).
    public static func line(_ entry: LogLine, type: String, timeZone: TimeZone = .current) -> String? {
        let date = Date(timeIntervalSince1970: entry.time.rounded(.down))
        let f = entry.fields
        switch type {
        case "access":
            let names = ["remote_host", "remote_logname", "remote_user", "first_request_line", "status",
                         "response_size_CLF", "referer", "user_agent"]
            let values = names.compactMap { f[$0] }
            guard values.count == names.count else { return nil }
            let time = format(date, "dd/MMM/yyyy:HH:mm:ss", timeZone)
            return "\(values[0]) \(values[1]) \(values[2]) [\(time) +0000] \"\(values[3])\" \(values[4]) \(values[5]) \"\(values[6])\" \"\(values[7])\""
        case "error":
            return "[\(format(date, "EEE MMM dd HH:mm:ss yyyy", timeZone))] \(f["type"] ?? "None") \(f["message"] ?? "None")"
        case "worker":
            return "[\(format(date, "EEE MMM dd HH:mm:ss yyyy", timeZone))] \(f["wrk_id"] ?? "None") \(f["message"] ?? "None")"
        default:
            return "[\(format(date, "EEE MMM dd HH:mm:ss yyyy", timeZone))] \(f["hostname"] ?? "None") \(f["level"] ?? "None") \(f["message"] ?? "None")"
        }
    }

    /// `-w` keeps one worker's entries (worker log only); `-g` is a case-insensitive regular
    /// expression over `message` (error, worker) or request line, referer, user agent and remote
    /// host (access); the deploy log is not filtered.
    public static func filter(_ entries: [LogLine], type: String, workerID: String?, pattern: NSRegularExpression?) -> [LogLine] {
        var kept = entries
        if type == "worker", let workerID, !workerID.isEmpty {
            kept = kept.filter { $0.fields["wrk_id"] == workerID }
        }
        guard let pattern else { return kept }
        let text: (LogLine) -> String? = switch type {
        case "error", "worker": { $0.fields["message"] }
        case "access": { entry in
            ["first_request_line", "referer", "user_agent", "remote_host"].map { entry.fields[$0] ?? "" }.joined()
        }
        default: { _ in nil }
        }
        return kept.filter { entry in
            guard let subject = text(entry) else { return true }
            return pattern.firstMatch(in: subject, range: NSRange(subject.startIndex..., in: subject)) != nil
        }
    }

    static func format(_ date: Date, _ pattern: String, _ timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
