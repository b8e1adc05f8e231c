/// The header block of a CGI script's output (RFC 3875 §6): status, headers in order, and the
/// body bytes that arrived in the same reads.
struct CGIResponseHead: Sendable, Equatable {
    var status: Int
    var headers: [CGIHeader]
    var bodyStart: [UInt8]
}

struct CGIHeader: Sendable, Equatable {
    var name: String
    var value: String
}

struct CGIOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String
    var description: String { "invalid CGI output: \(reason)" }
}

/// Incremental parser for the CGI header block: lines end in CRLF or LF, `Status:` may come
/// anywhere, names may repeat, and the block ends at the first empty line. Framing headers are
/// dropped because the bridge re-frames the body itself.
struct CGIResponseHeadParser: Sendable {
    static let limit = 64 * 1024
    static let framingHeaders: Set<String> = ["content-length", "transfer-encoding", "connection", "keep-alive"]
    private var buffer: [UInt8] = []

    /// Returns the head once the empty line has arrived, nil while more bytes are needed.
    mutating func feed(_ bytes: [UInt8]) throws(CGIOutputError) -> CGIResponseHead? {
        let scanFrom = max(0, buffer.count - 2)
        buffer += bytes
        guard let end = Self.endOfHead(buffer, from: scanFrom) else {
            if buffer.count > Self.limit { throw CGIOutputError(reason: "header block larger than \(Self.limit) bytes") }
            return nil
        }
        var head = try Self.parse(buffer[..<end.headEnd])
        head.bodyStart = Array(buffer[end.bodyStart...])
        return head
    }

    /// The index after the last header line, and where the body starts.
    private static func endOfHead(_ bytes: [UInt8], from start: Int) -> (headEnd: Int, bodyStart: Int)? {
        var index = start
        // An output that starts with the empty line has no headers at all.
        if start == 0, let first = bytes.first {
            if first == 0x0A { return (0, 1) }
            if first == 0x0D, bytes.count > 1, bytes[1] == 0x0A { return (0, 2) }
        }
        while index < bytes.count {
            if bytes[index] == 0x0A {
                let next = index + 1
                if next < bytes.count, bytes[next] == 0x0A { return (next, next + 1) }
                if next + 1 < bytes.count, bytes[next] == 0x0D, bytes[next + 1] == 0x0A { return (next, next + 2) }
            }
            index += 1
        }
        return nil
    }

    private static func parse(_ block: ArraySlice<UInt8>) throws(CGIOutputError) -> CGIResponseHead {
        var status: Int?
        var headers: [CGIHeader] = []
        for rawLine in block.split(separator: 0x0A, omittingEmptySubsequences: true) {
            var line = rawLine
            if line.last == 0x0D { line = line.dropLast() }
            guard let colon = line.firstIndex(of: 0x3A), colon > line.startIndex else {
                throw CGIOutputError(reason: "header line without a name: \(String(decoding: line, as: UTF8.self))")
            }
            let name = String(decoding: line[..<colon], as: UTF8.self)
            guard name.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                throw CGIOutputError(reason: "invalid header name: \(name)")
            }
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(" \t")
            let lower = name.lowercased()
            if lower == "status" {
                guard let code = Int(value.prefix(3)), (100...599).contains(code) else {
                    throw CGIOutputError(reason: "invalid Status: \(value)")
                }
                status = code
            } else if !framingHeaders.contains(lower) {
                headers.append(CGIHeader(name: name, value: value))
            }
        }
        // RFC 3875 §6.2.3: a Location without a Status is a client redirect.
        let defaultStatus = headers.contains { $0.name.lowercased() == "location" } ? 302 : 200
        return CGIResponseHead(status: status ?? defaultStatus, headers: headers, bodyStart: [])
    }
}

extension String {
    func trimmingCharacters(_ set: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, set.contains(first) { scalars.removeFirst() }
        while let last = scalars.last, set.contains(last) { scalars.removeLast() }
        return String(scalars)
    }
}
