/// Checks on a parsed request head beyond the parser: the derived properties must not trap, and
/// serializing the head and parsing it again must give the same head (what the router relies on
/// when it forwards a request).
func checkRequestHead(_ head: HTTPRequestHead) {
    _ = head.keepAlive
    _ = head.expectsContinue
    let target = HTTPTarget(parsing: head.target)
    _ = (target.path, target.query, target.rawQuery)

    var parser = HTTPRequestParser()
    let bytes = HTTPSerializer.requestHead(head)
    var events: [HTTPParserEvent<HTTPRequestHead>] = []
    // Array.withUnsafeBytes rethrows untyped errors, so carry the typed one out in a Result.
    let result = bytes.withUnsafeBytes { buffer in
        Result { () throws(HTTPParseError) in try parser.consume(buffer, into: &events, stopAfterMessage: true) }
    }
    if case .failure(let error) = result { violated("re-parsing the serialized head failed: \(error)") }
    guard case .head(let again)? = events.first else { violated("serialized head gave no head") }
    if again != head { violated("serialized head re-parses differently") }
}
