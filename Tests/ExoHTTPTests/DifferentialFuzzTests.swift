import ExoHTTP
import Testing

/// Deterministic fuzzing: mutated fixtures must give the same outcome (same events, or the same
/// error status) however the bytes are split. Parsers that depend on read boundaries are how
/// proxies and backends come to disagree.
struct DifferentialFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    enum Outcome: Equatable {
        case events([Flat<HTTPRequestHead>])
        case failed(Int)
    }

    private func outcome(_ input: [UInt8], cuts: [Int]) -> Outcome {
        var parser = HTTPRequestParser(limits: HTTPParserLimits(maxHeaderLineLength: 200, maxHeaderBlockSize: 400))
        var events: [HTTPParserEvent<HTTPRequestHead>] = []
        var start = 0
        do {
            for cut in cuts + [input.count] where cut >= start {
                events += try parser.feed(Array(input[start..<cut]))
                start = cut
            }
            return .events(Flat.flatten(events))
        } catch {
            return .failed(error.status)
        }
    }

    private static let interesting: [UInt8] = Array("\r\n \t:;0aA\"\\,-x\u{0}\u{7f}".utf8) + [0xC3]

    private func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let b = Self.interesting.randomElement(using: &rng)!
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes[at] = b
            case 1: bytes.insert(b, at: at)
            default: bytes.remove(at: at)
            }
        }
        return bytes
    }

    @Test(arguments: RequestParserTests.validFixtures)
    func mutatedInputParsesTheSameUnderAnySplit(name: String) throws {
        let base = try Fixtures.bytes("requests/\(name).http")
        var rng = SplitMix64(state: UInt64(name.utf8.count) &* 7919)
        for _ in 0..<300 {
            let input = mutate(base, &rng)
            let whole = outcome(input, cuts: [])
            let cutCount = Int.random(in: 1...6, using: &rng)
            let cuts = (0..<cutCount).map { _ in Int.random(in: 0...input.count, using: &rng) }.sorted()
            #expect(outcome(input, cuts: cuts) == whole, "input \(input) cuts \(cuts)")
            #expect(outcome(input, cuts: Array(0..<input.count)) == whole)
        }
    }
}

struct ResponseDifferentialFuzzTests {
    enum Outcome: Equatable {
        case events([Flat<HTTPResponseHead>])
        case failed(Int)
    }

    private func outcome(_ input: [UInt8], cuts: [Int]) -> Outcome {
        var parser = HTTPResponseParser()
        parser.expect(requestMethod: "POST")
        parser.expect(requestMethod: "GET")
        var events: [HTTPParserEvent<HTTPResponseHead>] = []
        var start = 0
        do {
            for cut in cuts + [input.count] where cut >= start {
                events += try parser.feed(Array(input[start..<cut]))
                start = cut
            }
            events += try parser.finishAtEOF()
            return .events(Flat.flatten(events))
        } catch {
            return .failed(error.status)
        }
    }

    @Test(arguments: ["content-length", "chunked-after-continue", "close-delimited", "no-reason"])
    func mutatedResponsesParseTheSameUnderAnySplit(name: String) throws {
        let base = try Fixtures.bytes("responses/\(name).http")
        var rng = DifferentialFuzzTests.SplitMix64(state: UInt64(name.utf8.count) &* 104_729)
        let interesting: [UInt8] = Array("\r\n \t:;0aF\"\\,\u{0}".utf8)
        for _ in 0..<300 {
            var input = base
            let at = Int.random(in: 0..<input.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: input[at] = interesting.randomElement(using: &rng)!
            case 1: input.insert(interesting.randomElement(using: &rng)!, at: at)
            default: input.remove(at: at)
            }
            let whole = outcome(input, cuts: [])
            let cuts = (0..<3).map { _ in Int.random(in: 0...input.count, using: &rng) }.sorted()
            #expect(outcome(input, cuts: cuts) == whole)
            #expect(outcome(input, cuts: Array(0..<input.count)) == whole)
        }
    }
}
