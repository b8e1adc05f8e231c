import Testing
@testable import ExoGit

struct PushProtocolTests {
    let zero = String(repeating: "0", count: 40)
    let sha = String(repeating: "a", count: 40)

    @Test func refUpdateLinesAreParsed() throws {
        let update = try #require(RefUpdate(line: "\(zero) \(sha) refs/heads/dev"))
        #expect(update.old == zero && update.new == sha && update.ref == "refs/heads/dev")
        #expect(update.shortName == "dev")
        #expect(!update.isDeletion)
        #expect(RefUpdate(line: "\(sha) \(zero) refs/heads/dev")?.isDeletion == true)
        #expect(RefUpdate(line: "\(sha) \(sha)") == nil)
        #expect(RefUpdate(line: "xyz \(sha) refs/heads/a") == nil)
    }

    @Test func linesSplitAcrossChunksAndCRLFAreJoined() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array("a\r\nb".utf8)) == ["a"])
        #expect(splitter.feed(Array("c\nd".utf8)) == ["bc"])
        #expect(splitter.finish() == "d")
        #expect(splitter.finish() == nil)
    }

    @Test func resultLineIsHeldBackAndDecidesTheOutcome() {
        var relay = ResultLineRelay()
        #expect(relay.feed(Array("-----> Building\nexo-push-result: ".utf8)) == ["-----> Building\n"])
        #expect(relay.feed(Array("ok\n".utf8)) == [])
        let end = relay.finish()
        #expect(end.lines == [] && end.accepted)
    }

    @Test func failedOrMissingResultRejects() {
        var failed = ResultLineRelay()
        #expect(failed.feed(Array("oops\nexo-push-result: failed\n".utf8)) == ["oops\n"])
        #expect(!failed.finish().accepted)
        var missing = ResultLineRelay()
        #expect(missing.feed(Array("no result".utf8)) == [])
        let end = missing.finish()
        #expect(end.lines == ["no result\n"] && !end.accepted)
        #expect(!missing.sawResult)
    }

    @Test func resultLineFollowedByMoreTextIsShownAndNotFinal() {
        var relay = ResultLineRelay()
        #expect(relay.feed(Array("exo-push-result: ok\nlater\n".utf8)) == ["exo-push-result: ok\n", "later\n"])
        #expect(!relay.finish().accepted)
    }

    @Test func hookScriptQuotesAnAbsolutePathAndRefusesOthers() throws {
        #expect(try HookScript.preReceive(program: "/usr/lib/exo/exo git shell") ==
            "#!/bin/sh\nexec '/usr/lib/exo/exo git shell' pre-receive\n")
        #expect(throws: (any Error).self) { try HookScript.preReceive(program: "exo-git-shell") }
        #expect(throws: (any Error).self) { try HookScript.preReceive(program: "/x'; rm -rf /; '") }
        #expect(throws: (any Error).self) { try HookScript.preReceive(program: "/x\nrm -rf /") }
    }
}
