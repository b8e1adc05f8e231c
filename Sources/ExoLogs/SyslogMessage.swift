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
    /// starts with the UTF-8 BOM, as §6.4 asks of UTF-8 MSGs; plain ASCII goes without. Written
    /// straight into bytes: the sender encodes every forwarded line.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160 + message.utf8.count)
        bytes.append(UInt8(ascii: "<"))
        Self.appendDecimal(facility * 8 + severity, to: &bytes)
        bytes += [UInt8(ascii: ">"), UInt8(ascii: "1"), 0x20]
        SyslogTime.append(time, to: &bytes)
        for (field, max) in [(hostname, 255), (appName, 48), (procID, 128), (msgID, 32)] as [(String?, Int)] {
            bytes.append(0x20)
            Self.appendHeaderField(field, max: max, to: &bytes)
        }
        bytes.append(0x20)
        if parameters.isEmpty {
            bytes.append(UInt8(ascii: "-"))
        } else {
            bytes.append(UInt8(ascii: "["))
            bytes += Self.structuredDataID.utf8
            for (name, value) in parameters {
                bytes.append(0x20)
                Self.appendStructuredDataName(name, to: &bytes)
                bytes += [UInt8(ascii: "="), UInt8(ascii: "\"")]
                for byte in value.utf8 {
                    // PARAM-VALUE escapes `"`, `\` and `]` with a backslash (§6.3.3).
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "]") {
                        bytes.append(UInt8(ascii: "\\"))
                    }
                    bytes.append(byte)
                }
                bytes.append(UInt8(ascii: "\""))
            }
            bytes.append(UInt8(ascii: "]"))
        }
        guard !message.isEmpty else { return bytes }
        bytes.append(0x20)
        if message.utf8.contains(where: { $0 >= 0x80 }) { bytes += [0xEF, 0xBB, 0xBF] }
        bytes += message.utf8
        return bytes
    }

    /// RFC 6587 octet counting: the byte length of the message in decimal, a space, the message.
    public func octetCounted() -> [UInt8] {
        var bytes: [UInt8] = []
        appendOctetCounted(to: &bytes)
        return bytes
    }

    /// Appends the octet-counted frame (a sender batches many into one write).
    func appendOctetCounted(to bytes: inout [UInt8]) {
        let body = encoded()
        Self.appendDecimal(body.count, to: &bytes)
        bytes.append(0x20)
        bytes += body
    }

    /// Header fields are PRINTUSASCII (33…126) without spaces; anything else becomes "_", empty becomes "-".
    static func appendHeaderField(_ value: String?, max: Int, to bytes: inout [UInt8]) {
        guard let value, !value.isEmpty else { return bytes.append(UInt8(ascii: "-")) }
        for byte in value.utf8.prefix(max) { bytes.append((33...126).contains(byte) ? byte : UInt8(ascii: "_")) }
    }

    /// SD-NAMEs also exclude `=`, `]` and `"` (§6.3.2), at most 32 characters.
    static func appendStructuredDataName(_ name: String, to bytes: inout [UInt8]) {
        for byte in name.utf8.prefix(32) {
            let allowed = (33...126).contains(byte) && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "]")
                && byte != UInt8(ascii: "\"")
            bytes.append(allowed ? byte : UInt8(ascii: "_"))
        }
    }

    /// A non-negative decimal, zero-padded to `width`, without building a String.
    static func appendDecimal(_ value: Int, to bytes: inout [UInt8], width: Int = 1) {
        var divisor = 1
        var digits = 1
        while divisor <= value / 10 {
            divisor *= 10
            digits += 1
        }
        for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }
}

/// RFC 3339 timestamps in UTC with microseconds, as RFC 5424 §6.2.3 allows (at most 6 digits).
enum SyslogTime {
    static func format(_ micros: Int64) -> String {
        var bytes: [UInt8] = []
        append(micros, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func append(_ micros: Int64, to bytes: inout [UInt8]) {
        let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
        let fraction = micros - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        let parts: [(Int64, Int, UInt8)] = [(year, 4, UInt8(ascii: "-")), (month, 2, UInt8(ascii: "-")), (day, 2, UInt8(ascii: "T")),
                                            (secondOfDay / 3600, 2, UInt8(ascii: ":")), (secondOfDay / 60 % 60, 2, UInt8(ascii: ":")),
                                            (secondOfDay % 60, 2, UInt8(ascii: ".")), (fraction, 6, UInt8(ascii: "Z"))]
        for (value, width, separator) in parts {
            SyslogMessage.appendDecimal(Int(value), to: &bytes, width: width)
            bytes.append(separator)
        }
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
}
