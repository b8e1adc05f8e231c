@testable import ExoBuilder
import ExoCore
import ExoSystem
import Glibc
import Testing

struct SourcePreparationTests {
    @Test func cctrlignoreDeletesMatchingFilesAndDirectories() throws {
        let temp = try TemporaryDirectory()
        try writeTree([
            ".cctrlignore": "# assets\n*.psd\ntest\n/docs/\n",
            "Procfile": "web: python app.py\n",
            "app.py": "",
            "art/logo.psd": "",
            "art/logo.png": "",
            "test/test_app.py": "",
            "src/test/keep.py": "",
            "docs/index.md": "",
            "src/docs/keep.md": "",
        ], under: temp.path)
        let removed = try SourcePreparation.applyIgnoreFile(in: temp.path)
        #expect(removed == 4)
        #expect(!Files.exists(temp.path + "/art/logo.psd"))
        #expect(!Files.exists(temp.path + "/test"))
        #expect(!Files.exists(temp.path + "/src/test"))   // unanchored "test" matches at any depth
        #expect(!Files.exists(temp.path + "/docs"))
        #expect(Files.exists(temp.path + "/art/logo.png"))
        #expect(Files.exists(temp.path + "/src/docs/keep.md"))
        #expect(Files.exists(temp.path + "/app.py"))
    }

    @Test func withoutAnIgnoreFileNothingIsRemoved() throws {
        let temp = try TemporaryDirectory()
        try writeTree(["a/b.psd": ""], under: temp.path)
        #expect(try SourcePreparation.applyIgnoreFile(in: temp.path) == 0)
        #expect(Files.exists(temp.path + "/a/b.psd"))
    }

    @Test func aMissingProcfileIsRejected() throws {
        let temp = try TemporaryDirectory()
        let error = try #require(throws: ExoError.self) { try SourcePreparation.readProcfile(in: temp.path) }
        #expect(error.message.contains("No Procfile found"))
    }

    @Test func aProcfileWithoutWebIsRejected() throws {
        let temp = try TemporaryDirectory()
        try writeTree(["Procfile": "worker: python worker.py\n"], under: temp.path)
        let error = try #require(throws: ExoError.self) { try SourcePreparation.readProcfile(in: temp.path) }
        #expect(error.message.contains("no web process"))
    }

    @Test func aBadProcfileLineIsNamed() throws {
        let temp = try TemporaryDirectory()
        try writeTree(["Procfile": "web: python app.py\nthis is not a process\n"], under: temp.path)
        let error = try #require(throws: ExoError.self) { try SourcePreparation.readProcfile(in: temp.path) }
        #expect(error.message.contains("line 2"))
        #expect(error.message.contains("this is not a process"))
    }

    @Test func aSymlinkedProcfileIsNotFollowed() throws {
        let temp = try TemporaryDirectory()
        try writeTree(["elsewhere": "web: python app.py\n"], under: temp.path)
        #expect(symlink(temp.path + "/elsewhere", temp.path + "/Procfile") == 0)
        #expect(throws: ExoError.self) { try SourcePreparation.readProcfile(in: temp.path) }
    }

    @Test func plainBuildpackLinesGetTheDetailIndent() {
        #expect(BuildRun.format("Collecting flask") == "       Collecting flask")
        #expect(BuildRun.format("-----> Installing") == "-----> Installing")
        #expect(BuildRun.format(" !     Failed") == " !     Failed")
    }
}
