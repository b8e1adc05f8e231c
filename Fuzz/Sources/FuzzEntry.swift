// libFuzzer entry point for the ExoHTTP parsers. Compiled by Fuzz/run-http-parser together with
// Sources/ExoHTTP/*.swift into one module, so there is no `import ExoHTTP` here.

/// Byte 0 is a control byte, not part of the message: bit 0 picks tight limits (so the 413/414/431
/// paths are reachable), bits 1...7 pick the split point as a fraction of the message length.
/// Bytes 1... are the message. FUZZ_RESPONSE builds the response-parser variant instead.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let control = data[0]
    let message = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    let split = message.count * Int(control >> 1) / 127
    let limits = control & 1 == 1 ? FuzzLimits.tight : HTTPParserLimits()
#if FUZZ_RESPONSE
    // Bits 1...2 also pick the method the response answers, which changes its framing.
    let method = ["GET", "HEAD", "CONNECT", "POST"][Int(control >> 1) & 3]
    checkParser(message, split: split, allowedStatuses: [502]) {
        var parser = HTTPResponseParser(limits: limits)
        parser.expect(requestMethod: method)
        return parser
    }
    checkRawResponseParser(message, split: split, limits: limits, method: method)
#else
    let heads = checkParser(message, split: split, allowedStatuses: [400, 413, 414, 431, 501, 505]) {
        HTTPRequestParser(limits: limits)
    }
    for head in heads { checkRequestHead(head) }
    checkRawRequestParser(message, split: split, limits: limits)
#endif
    return 0
}

enum FuzzLimits {
    static let tight = HTTPParserLimits(maxStartLineLength: 64, maxHeaderLineLength: 64, maxHeaderBlockSize: 256,
                                        maxHeaderCount: 8, maxContentLength: 64, maxChunkLineLength: 32)
}

/// Stops the fuzzer with a message; libFuzzer records the input as a crash.
func violated(_ what: String) -> Never {
    fatalError("fuzz invariant violated: \(what)")
}
