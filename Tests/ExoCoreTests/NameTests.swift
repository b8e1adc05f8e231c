import Foundation
import Testing
@testable import ExoCore

struct AppNameTests {
    @Test(arguments: ["a", "hello", "app2", "abcdefghijklmnopqrstuvwxyz0123"])
    func acceptsLowercaseLettersAndDigitsStartingWithALetter(_ text: String) throws {
        #expect(try AppName(text).rawValue == text)
    }

    @Test(arguments: ["", "2app", "Hello", "my-app", "my_app", "app.x", "app ", "äpp", "/app"])
    func rejectsBadNamesWithCctrlMessageOnFieldName(_ text: String) {
        #expect(throws: ExoError.invalid("name", AppName.invalidMessage)) { try AppName(text) }
    }

    @Test func rejectsNamesLongerThanThirty() {
        let error = #expect(throws: ExoError.self) { try AppName(String(repeating: "a", count: 31)) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "name")
    }

    @Test func roundTripsThroughJSONAsBareString() throws {
        let data = try JSONEncoder().encode([try AppName("hello")])
        #expect(String(decoding: data, as: UTF8.self) == #"["hello"]"#)
        #expect(try JSONDecoder().decode([AppName].self, from: data) == [try AppName("hello")])
        #expect(throws: (any Error).self) { try JSONDecoder().decode([AppName].self, from: Data(#"["Bad"]"#.utf8)) }
    }
}

struct DeploymentNameTests {
    @Test(arguments: ["default", "dev", "1", "v1.2", "a.b.c", String(repeating: "x", count: 32)])
    func acceptsDotSeparatedLabels(_ text: String) throws {
        #expect(try DeploymentName(text).description == text)
    }

    @Test(arguments: ["", ".dev", "dev.", "a..b", "Dev", "my-dep", "dep_1", String(repeating: "x", count: 33)])
    func rejectsMalformedNames(_ text: String) {
        #expect(throws: ExoError.invalid("name", DeploymentName.invalidMessage)) { try DeploymentName(text) }
    }

    @Test func defaultDeploymentIsFedByMaster() throws {
        #expect(DeploymentName.default.rawValue == "default")
        #expect(DeploymentName.default.branch == "master")
        #expect(DeploymentName.default.isDefault)
        #expect(try DeploymentName("default") == .default)
    }

    @Test func otherDeploymentsAreFedByTheirOwnBranch() throws {
        #expect(try DeploymentName("dev").branch == "dev")
        #expect(try DeploymentName("v1.2").branch == "v1.2")
        #expect(try !DeploymentName("dev").isDefault)
    }

    @Test func mapsBranchesAndRefsBackToDeployments() throws {
        #expect(DeploymentName(branch: "master") == .default)
        #expect(DeploymentName(branch: "refs/heads/master") == .default)
        #expect(DeploymentName(branch: "refs/heads/dev") == (try DeploymentName("dev")))
        #expect(DeploymentName(branch: "feature/x") == nil)
        #expect(DeploymentName(branch: "Feature") == nil)
        #expect(DeploymentName(branch: "default") == nil)
    }
}

struct UserNameTests {
    @Test(arguments: ["bob", "Bob.Smith", "a_b-c", "0", String(repeating: "u", count: 30)])
    func acceptsLettersDigitsAndPunctuation(_ text: String) throws {
        #expect(try UserName(text).rawValue == text)
    }

    @Test(arguments: ["", "bob smith", "bob@x", "bob/x", "ü", String(repeating: "u", count: 31), ".", "..", "-", "_bob", ".bob"])
    func rejectsOthersOnFieldUsername(_ text: String) {
        #expect(throws: ExoError.invalid("username", UserName.invalidMessage)) { try UserName(text) }
    }
}

struct EmailAddressTests {
    @Test(arguments: ["a@b", "bob.smith+tag@example.com"])
    func acceptsOneAtWithNonEmptyParts(_ text: String) throws {
        #expect(try EmailAddress(text).rawValue == text)
    }

    @Test(arguments: ["", "bob", "@example.com", "bob@", "a@b@c", "bob @x.com", "bob@x.com\n",
                      "a@" + String(repeating: "x", count: 253)])
    func rejectsMalformedAddressesOnFieldEmail(_ text: String) {
        #expect(throws: ExoError.invalid("email", EmailAddress.invalidMessage)) { try EmailAddress(text) }
    }
}

struct ExoErrorTests {
    @Test func factoriesSetCodeMessageAndField() {
        #expect(ExoError.invalid("name", "bad") == ExoError(code: .invalidInput, message: "bad", field: "name"))
        #expect(ExoError.notFound("x").code == .notFound)
        #expect(ExoError.conflict("x").code == .conflict)
        #expect(ExoError.forbidden("x").code == .forbidden)
        #expect(ExoError.unauthorized("x").code == .unauthorized)
        let failure = ExoError.internalError("Something failed.", cause: "sqlite: disk I/O error")
        #expect(failure.code == .internalError)
        #expect(failure.cause == "sqlite: disk I/O error")
        #expect(failure.description.contains("disk I/O error"))
    }
}
