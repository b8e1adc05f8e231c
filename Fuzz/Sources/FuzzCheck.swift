/// Feeds `message` three ways and checks they agree and the results are well formed:
/// whole, split in two at `split`, and message by message with `stopAfterMessage`.
/// Returns the heads parsed from the whole feed.
@discardableResult
func checkParser<P: FuzzedParser>(_ message: UnsafeRawBufferPointer, split: Int, allowedStatuses: Set<Int>,
                                  make: () -> P) -> [P.Head] {
    let whole = feed(make(), [message])
    let halves = feed(make(), [UnsafeRawBufferPointer(rebasing: message[..<split]),
                               UnsafeRawBufferPointer(rebasing: message[split...])])
    let stepped = feedStepped(make(), message)
    if whole.normalized != halves.normalized || whole.error != halves.error {
        violated("split at \(split) differs: whole \(describe(whole)), split \(describe(halves))")
    }
    if whole.normalized != stepped.normalized || whole.error != stepped.error {
        violated("stopAfterMessage differs: whole \(describe(whole)), stepped \(describe(stepped))")
    }
    if let error = whole.error, !allowedStatuses.contains(error.status) {
        violated("error status \(error.status) (\(error.reason)) not in \(allowedStatuses.sorted())")
    }
    return checkEventOrder(whole.events, inputLength: message.count)
}

private func feed<P: FuzzedParser>(_ parser: P, _ pieces: [UnsafeRawBufferPointer]) -> FeedOutcome<P.Head> {
    var parser = parser
    var outcome = FeedOutcome<P.Head>()
    do throws(HTTPParseError) {
        for piece in pieces {
            let used = try parser.consume(piece, into: &outcome.events, stopAfterMessage: false)
            // Only a tunnel (response parser after 101 / CONNECT 2xx) may leave bytes unread.
            if used != piece.count, !isTunnel(parser) { violated("consumed \(used) of \(piece.count) bytes") }
        }
        outcome.events += try parser.finish()
    } catch {
        outcome.error = error
    }
    return outcome
}

private func feedStepped<P: FuzzedParser>(_ parser: P, _ message: UnsafeRawBufferPointer) -> FeedOutcome<P.Head> {
    var parser = parser
    var outcome = FeedOutcome<P.Head>()
    var offset = 0
    do throws(HTTPParseError) {
        while offset < message.count {
            let before = outcome.events.count
            let used = try parser.consume(UnsafeRawBufferPointer(rebasing: message[offset...]),
                                          into: &outcome.events, stopAfterMessage: true)
            offset += used
            if offset < message.count {
                // Stopping early is only allowed right after an end (or in a tunnel, which consumes nothing).
                if isTunnel(parser) { break }
                guard case .end? = outcome.events.last, outcome.events.count > before else {
                    violated("stopAfterMessage stopped at \(offset) of \(message.count) without an end")
                }
            }
        }
        outcome.events += try parser.finish()
    } catch {
        outcome.error = error
    }
    return outcome
}

private func isTunnel<P: FuzzedParser>(_ parser: P) -> Bool {
    (parser as? HTTPResponseParser)?.isTunnel ?? false
}

/// Events must read (head body* end)* (head body*)?, and the bodies cannot hold more bytes than came in.
private func checkEventOrder<Head>(_ events: [HTTPParserEvent<Head>], inputLength: Int) -> [Head] {
    var inMessage = false
    var bodyBytes = 0
    var heads: [Head] = []
    for event in events {
        switch event {
        case .head(let head):
            if inMessage { violated("head inside a message") }
            inMessage = true
            heads.append(head)
        case .body(let bytes):
            if !inMessage { violated("body outside a message") }
            bodyBytes += bytes.count
        case .end:
            if !inMessage { violated("end outside a message") }
            inMessage = false
        }
    }
    if bodyBytes > inputLength { violated("\(bodyBytes) body bytes from \(inputLength) input bytes") }
    return heads
}

private func describe<Head>(_ outcome: FeedOutcome<Head>) -> String {
    let kinds = outcome.normalized.map { event -> String in
        switch event {
        case .head: return "head"
        case .body(let bytes): return "body(\(bytes.count))"
        case .end: return "end"
        }
    }
    return "[\(kinds.joined(separator: ", "))] error: \(outcome.error.map { "\($0)" } ?? "none")"
}
