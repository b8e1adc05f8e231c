@testable import ExoBuilder
import ExoCore
import ExoSystem
import Foundation
import Testing

struct BuildpackSourceTests {
    @Test func pythonAppsUseTheBuiltInBuildpack() throws {
        #expect(try BuildpackSource.select(appType: "python", buildpackURL: nil, allowLocal: false) == .builtIn(name: "python"))
    }

    @Test func unknownAppTypesAreRejectedByName() {
        #expect(throws: ExoError.invalid("type", "no buildpack for app type ruby")) {
            try BuildpackSource.select(appType: "ruby", buildpackURL: nil, allowLocal: false)
        }
    }

    @Test func customAppsNeedABuildpackURL() {
        #expect(throws: ExoError.self) {
            try BuildpackSource.select(appType: "custom", buildpackURL: nil, allowLocal: false)
        }
    }

    @Test func aFragmentSelectsTheBranch() throws {
        let source = try BuildpackSource.select(
            appType: "custom", buildpackURL: "https://github.com/heroku/heroku-buildpack-python.git#v1", allowLocal: false)
        #expect(source == .git(url: "https://github.com/heroku/heroku-buildpack-python.git", branch: "v1"))
    }

    @Test func localURLsNeedExplicitPermission() throws {
        #expect(throws: ExoError.self) {
            try BuildpackSource.select(appType: "custom", buildpackURL: "file:///srv/bp.git", allowLocal: false)
        }
        #expect(throws: ExoError.self) {
            try BuildpackSource.select(appType: "custom", buildpackURL: "ssh://host/bp.git", allowLocal: true)
        }
        #expect(try BuildpackSource.select(appType: "custom", buildpackURL: "file:///srv/bp.git", allowLocal: true)
            == .git(url: "file:///srv/bp.git", branch: nil))
    }

    @Test func optionLikeURLsAndBranchesAreRejected() {
        #expect(throws: ExoError.self) { try BuildpackSource.parseGitURL("--upload-pack=x", allowLocal: true) }
        #expect(throws: ExoError.self) { try BuildpackSource.parseGitURL("https://h/bp.git#--evil", allowLocal: true) }
    }

    @Test func theBuiltInPythonBuildpackShipsItsScripts() throws {
        let root = try #require(BuildpackSource.builtInRoot(name: "python"))
        for script in ["detect", "compile", "release"] {
            #expect(Files.exists(root + "/bin/" + script))
        }
    }

    @Test func fetchingMakesScriptsExecutable() throws {
        let temp = try TemporaryDirectory()
        try BuildpackSource.builtIn(name: "python").fetch(into: temp.path + "/bp") { _ in }
        #expect(access(temp.path + "/bp/bin/compile", X_OK) == 0)
    }
}
