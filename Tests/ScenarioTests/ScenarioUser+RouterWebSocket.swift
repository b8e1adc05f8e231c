/// RFC 6455 framing for the WebSocket scenario: a client masks every frame it sends, a server
/// never masks. No fragmentation (the echo app does not fragment either).
enum WebSocketFrame {
    static let text: UInt8 = 0x1, binary: UInt8 = 0x2, close: UInt8 = 0x8, ping: UInt8 = 0x9, pong: UInt8 = 0xA
    /// RFC 6455 §1.3's sample key and the accept value it must produce.
    static let sampleKey = "dGhlIHNhbXBsZSBub25jZQ==", sampleAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="

    static func masked(_ opcode: UInt8, _ payload: [UInt8], mask: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]) -> [UInt8] {
        var frame: [UInt8] = [0x80 | opcode]
        switch payload.count {
        case ..<126: frame.append(0x80 | UInt8(payload.count))
        case ..<65536: frame += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        default: frame += [0x80 | 127] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: payload.count >> ($0 * 8)) }
        }
        frame += mask
        frame += payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return frame
    }
}

extension RouterConnection {
    /// One frame from the server: opcode, payload, and whether it was (wrongly) masked.
    func readFrame() throws -> (opcode: UInt8, payload: [UInt8], masked: Bool) {
        let head = try readExactly(2)
        var length = Int(head[1] & 0x7F)
        if length == 126 {
            length = try readExactly(2).reduce(0) { $0 << 8 | Int($1) }
        } else if length == 127 {
            length = try readExactly(8).reduce(0) { $0 << 8 | Int($1) }
        }
        let masked = head[1] & 0x80 != 0
        let mask = masked ? try readExactly(4) : [0, 0, 0, 0]
        let payload = try readExactly(length).enumerated().map { $0.element ^ mask[$0.offset % 4] }
        return (head[0] & 0x0F, payload, masked)
    }
}
