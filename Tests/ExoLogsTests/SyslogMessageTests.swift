@testable import ExoLogs
import Testing

struct SyslogMessageTests {
    let stdoutLine = SyslogMessage(severity: 6, time: 1_700_000_000_123_456, hostname: "node1", appName: "hello/default",
                                   msgID: "error", parameters: [("log", "error"), ("type", "stdout")], message: "hi there")

    @Test func encodesRFC5424ByteForByte() {
        let expected = "<14>1 2023-11-14T22:13:20.123456Z node1 hello/default - error [exo@32473 log=\"error\" type=\"stdout\"] hi there"
        #expect(stdoutLine.encoded() == Array(expected.utf8))
    }

    @Test func framesWithTheOctetCountOfTheMessage() {
        let body = stdoutLine.encoded()
        #expect(stdoutLine.octetCounted() == Array("\(body.count) ".utf8) + body)
        #expect(body.count == 108)
    }

    @Test func startsNonASCIIMessagesWithTheBOMAndCountsBytesNotCharacters() {
        var message = stdoutLine
        message.message = "grüß"
        let body = message.encoded()
        #expect(Array(body.suffix(10)) == [0x20, 0xEF, 0xBB, 0xBF] + Array("grüß".utf8))
        #expect(message.octetCounted().prefix(4) == Array("\(body.count) ".utf8)[...])
    }

    @Test func escapesParameterValuesAndReplacesUnprintableHeaderCharacters() {
        let message = SyslogMessage(severity: 3, time: 0, hostname: "", appName: "a p\u{e9}", procID: "w 1", msgID: nil,
                                    parameters: [("wrk_id", "a\"b\\c]d")], message: "")
        let expected = "<11>1 1970-01-01T00:00:00.000000Z - a_p__ w_1 - [exo@32473 wrk_id=\"a\\\"b\\\\c\\]d\"]"
        #expect(String(decoding: message.encoded(), as: UTF8.self) == expected)
    }

    @Test func writesNilValueForAnEmptyStructuredDataAndTruncatesLongFields() {
        let message = SyslogMessage(severity: 6, time: 951_782_400_000_001, hostname: "h", appName: String(repeating: "x", count: 60),
                                    message: "m")
        let expected = "<14>1 2000-02-29T00:00:00.000001Z h \(String(repeating: "x", count: 48)) - - - m"
        #expect(String(decoding: message.encoded(), as: UTF8.self) == expected)
    }

    @Test func formatsTimestampsAcrossYearsInUTC() {
        #expect(SyslogTime.format(1_709_164_800_000_000) == "2024-02-29T00:00:00.000000Z")
        #expect(SyslogTime.format(1_735_689_599_999_999) == "2024-12-31T23:59:59.999999Z")
        #expect(SyslogTime.format(4_102_444_800_000_000) == "2100-01-01T00:00:00.000000Z")
    }
}
