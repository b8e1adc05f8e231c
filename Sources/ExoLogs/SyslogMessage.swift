/// One RFC 5424 syslog message and its encodings: the message itself (for UDP, RFC 5426) and
/// octet-counted framing for TCP (RFC 6587 §3.4.1: `LEN SP MSG`).
public struct SyslogMessage: Sendable, Equatable {
    /// Facility `user` (1): what an application's own output is.
    public static let userFacility = 1
    /// RFC 5612's example enterprise number: exo has no registered one.
    public static let structuredDataID = "exo@32473"

    public var facility: Int = SyslogMessage.userFacility
    /// 0 (emerg) … 7 (debug); exo uses 6 (info) for stdout and 3 (err) for stderr and platform errors.
    public var severity: Int
    /// Microseconds since the epoch.
    public var time: Int64
    public var hostname: String
    public var appName: String
    public var procID: String?
    public var msgID: String?
    /// SD-PARAMs of the one SD-ELEMENT `exo@32473`, in order.
    public var parameters: [(String, String)]
    public var message: String

    public init(severity: Int, time: Int64, hostname: String, appName: String, procID: String? = nil, msgID: String? = nil,
                parameters: [(String, String)] = [], message: String) {
        self.severity = severity
        self.time = time
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.parameters = parameters
        self.message = message
    }

    public static func == (lhs: SyslogMessage, rhs: SyslogMessage) -> Bool {
        lhs.encoded() == rhs.encoded()
    }

    /// `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`. A message with non-ASCII text
    /// starts with the UTF-8 BOM, as §6.4 asks of UTF-8 MSGs; plain ASCII goes without.
    public func encoded() -> [UInt8] {
        var header = "<\(facility * 8 + severity)>1 \(SyslogTime.format(time)) "
        header += Self.headerField(hostname, max: 255) + " " + Self.headerField(appName, max: 48) + " "
        header += Self.headerField(procID, max: 128) + " " + Self.headerField(msgID, max: 32) + " "
        if parameters.isEmpty {
            header += "-"
        } else {
            header += "[" + Self.structuredDataID
            for (name, value) in parameters { header += " \(Self.structuredDataName(name))=\"\(Self.escapeParameter(value))\"" }
            header += "]"
        }
        var bytes = Array(header.utf8)
        guard !message.isEmpty else { return bytes }
        bytes.append(0x20)
        if message.utf8.contains(where: { $0 >= 0x80 }) { bytes += [0xEF, 0xBB, 0xBF] }
        bytes += message.utf8
        return bytes
    }

    /// RFC 6587 octet counting: the byte length of the message in decimal, a space, the message.
    public func octetCounted() -> [UInt8] {
        let body = encoded()
        return Array("\(body.count) ".utf8) + body
    }

    /// Header fields are PRINTUSASCII (33…126) without spaces; anything else becomes "_", empty becomes "-".
    static func headerField(_ value: String?, max: Int) -> String {
        guard let value, !value.isEmpty else { return "-" }
        let bytes = value.utf8.prefix(max).map { (33...126).contains($0) ? $0 : UInt8(ascii: "_") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// SD-NAMEs also exclude `=`, `]` and `"` (§6.3.2), at most 32 characters.
    static func structuredDataName(_ name: String) -> String {
        let bytes = name.utf8.prefix(32).map { (33...126).contains($0) && !"=]\"".utf8.contains($0) ? $0 : UInt8(ascii: "_") }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// PARAM-VALUE escapes `"`, `\` and `]` with a backslash (§6.3.3).
    static func escapeParameter(_ value: String) -> String {
        var escaped = ""
        for character in value {
            if character == "\"" || character == "\\" || character == "]" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}

/// RFC 3339 timestamps in UTC with microseconds, as RFC 5424 §6.2.3 allows (at most 6 digits).
enum SyslogTime {
    static func format(_ micros: Int64) -> String {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(secondOfDay / 3600, 2) + ":"
            + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "." + pad(fraction, 6) + "Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
    static func civilDate(daysSinceEpoch: Int64) -> (Int64, Int64, Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
