/// The spec's flood limit for one log ("max 200 messages per 5 s"): fixed windows; what passes the
/// limit is counted, and the count is reported once the window is over.
struct RateWindow: Sendable {
    var start: Int64 = Int64.min / 2
    var count = 0
    var dropped = 0

    /// Whether a message at `now` may pass, and drops of an earlier window still to report.
    mutating func admit(now: Int64, limit: Int, length: Int64) -> (pass: Bool, report: Int) {
        var report = 0
        if now - start >= length {
            report = dropped
            start = now
            count = 0
            dropped = 0
        }
        guard count < limit else {
            dropped += 1
            return (false, report)
        }
        count += 1
        return (true, report)
    }

    /// Drops of a window that is over, so a flood that stopped is reported without waiting for
    /// the next message.
    mutating func takeExpired(now: Int64, length: Int64) -> Int {
        guard dropped > 0, now - start >= length else { return 0 }
        defer { dropped = 0 }
        return dropped
    }
}
