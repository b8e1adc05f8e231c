@testable import ExoCommands
import Testing

struct RollbackTests {
    @Test func versionsAreTheTextAfterTheFirstColonOfDeployedVersionMessages() {
        let messages = ["Building version abc", "Deployed version: aaa", "Routing requests to new version",
                        "Deployed version: bbb", "Deployed version:  bbb "]
        #expect(AppController.deployedVersions(messages) == ["aaa", "bbb", "bbb"])
    }

    @Test func thePreviousVersionIsTheLastOneDifferentFromTheCurrent() {
        #expect(AppController.previousVersion(["aaa", "bbb", "bbb"]) == "aaa")
        #expect(AppController.previousVersion(["aaa", "bbb", "aaa"]) == "bbb")
        #expect(AppController.previousVersion(["aaa", "aaa"]) == nil)
        #expect(AppController.previousVersion([]) == nil)
    }
}
