import Testing
import ExoCore

struct ProcfileTests {
    @Test func parsesProcessesInFileOrderSplittingOnTheFirstColon() throws {
        let procfile = try Procfile.parse("web: gunicorn app:app --bind 0.0.0.0:$PORT\nworker:python worker.py\n")
        #expect(procfile.processes == [
            .init(name: "web", command: "gunicorn app:app --bind 0.0.0.0:$PORT"),
            .init(name: "worker", command: "python worker.py"),
        ])
        #expect(procfile.command(for: "worker") == "python worker.py")
        #expect(procfile.command(for: "clock") == nil)
        #expect(procfile.hasWeb)
    }

    @Test func skipsCommentsBlankLinesAndHandlesCRLF() throws {
        let text = "# processes\r\n\r\n   \r\n  web :  node server.js  \r\n\t# trailing comment\r\n"
        let procfile = try Procfile.parse(text)
        #expect(procfile.processes == [.init(name: "web", command: "node server.js")])
    }

    @Test func emptyFileHasNoWebProcess() throws {
        let procfile = try Procfile.parse("")
        #expect(procfile.processes.isEmpty)
        #expect(!procfile.hasWeb)
        #expect(try !Procfile.parse("worker: run").hasWeb)
    }

    @Test func missingColonNamesLineNumberAndText() {
        let error = #expect(throws: ExoError.self) { try Procfile.parse("web: ok\n\njust a command\n") }
        #expect(error?.code == .invalidInput)
        #expect(error?.message.contains("line 3") == true)
        #expect(error?.message.contains("just a command") == true)
    }

    @Test func emptyCommandIsAnError() {
        let error = #expect(throws: ExoError.self) { try Procfile.parse("web:   \r\n") }
        #expect(error?.message.contains("line 1") == true)
        #expect(error?.message.contains("web:") == true)
    }

    @Test(arguments: [": cmd", "we b: cmd", "web.1: cmd", "wëb: cmd"])
    func invalidProcessNamesAreErrors(_ line: String) {
        let error = #expect(throws: ExoError.self) { try Procfile.parse(line) }
        #expect(error?.message.contains("line 1") == true)
    }

    @Test func allowedNameCharacters() throws {
        #expect(try Procfile.parse("Web_2-x: run").processes.first?.name == "Web_2-x")
    }

    @Test func duplicateProcessNamesAreErrors() {
        let error = #expect(throws: ExoError.self) { try Procfile.parse("web: a\nweb: b") }
        #expect(error?.message.contains("line 2") == true)
        #expect(error?.message.contains("twice") == true)
    }
}
