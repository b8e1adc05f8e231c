/// Bytes on the wire for heads and chunks.
public enum HTTPSerializer {
    public static func requestHead(_ head: HTTPRequestHead) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(head.method, to: &out)
        out.append(ASCII.sp)
        append(head.target, to: &out)
        out.append(ASCII.sp)
        append(head.version.description, to: &out)
        appendFields(head.headers, to: &out)
        return out
    }

    public static func responseHead(_ head: HTTPResponseHead) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        append(head.version.description, to: &out)
        out.append(ASCII.sp)
        append(String(head.status), to: &out)
        out.append(ASCII.sp)
        append(head.reason, to: &out)
        appendFields(head.headers, to: &out)
        return out
    }

    /// One chunk of chunked coding; an empty input yields no bytes, since an empty chunk would end the body.
    public static func chunk(_ bytes: [UInt8]) -> [UInt8] {
        guard !bytes.isEmpty else { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 20)
        append(String(bytes.count, radix: 16), to: &out)
        out.append(ASCII.cr); out.append(ASCII.lf)
        out.append(contentsOf: bytes)
        out.append(ASCII.cr); out.append(ASCII.lf)
        return out
    }

    /// The zero-size chunk and empty trailer section that end a chunked body.
    public static let lastChunk: [UInt8] = Array("0\r\n\r\n".utf8)

    /// Writes fields and the blank line that ends the head.
    private static func appendFields(_ headers: HTTPHeaders, to out: inout [UInt8]) {
        out.append(ASCII.cr); out.append(ASCII.lf)
        for (name, value) in headers {
            append(name, to: &out)
            out.append(ASCII.colon); out.append(ASCII.sp)
            append(value, to: &out)
            out.append(ASCII.cr); out.append(ASCII.lf)
        }
        out.append(ASCII.cr); out.append(ASCII.lf)
    }

    /// Copies text, turning CR, LF and NUL into spaces so no caller can split a message by accident.
    private static func append(_ text: String, to out: inout [UInt8]) {
        for b in text.utf8 {
            out.append(b == ASCII.cr || b == ASCII.lf || b == 0 ? ASCII.sp : b)
        }
    }
}
