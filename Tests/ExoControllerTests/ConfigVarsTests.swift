import ExoController
import ExoCore
import ExoStore
import Foundation
import Testing

struct ConfigVarsTests {
    @Test func settingAKeyThatHoldsAnotherValueWithoutForceAsksForConfirmation() throws {
        #expect(throws: ExoError.confirmOverwrite("The config variable A is already set.")) {
            try ConfigVars.apply(["A": "new"], to: ["A": "old"], force: false)
        }
        #expect(throws: ExoError.confirmOverwrite("The config variables A, B are already set.")) {
            try ConfigVars.apply(["B": "2", "A": "1"], to: ["A": "old", "B": "old"], force: false)
        }
        #expect(try ConfigVars.apply(["A": "new"], to: ["A": "old"], force: true) == ["A": "new"])
        // The same value again is no overwrite.
        #expect(try ConfigVars.apply(["A": "old", "C": "c"], to: ["A": "old"], force: false) == ["A": "old", "C": "c"])
    }

    @Test func nullRemovesAKeyAndRemovingAMissingKeyIsFine() throws {
        let change = try ConfigVars.parseChange(#"{"A": null, "MISSING": null}"#, field: "settings")
        #expect(try ConfigVars.apply(change, to: ["A": "1", "B": "2"], force: false) == ["B": "2"])
    }

    @Test func invalidKeysAreRefusedNamingTheKey() throws {
        for key in ["1A", "A-B", "", "A B", "Ä"] {
            do {
                _ = try ConfigVars.parseChange(try Self.json([key: "x"]), field: "settings")
                Issue.record("\(key) accepted")
            } catch let error as ExoError {
                #expect(error.code == .invalidInput)
                #expect(error.field == "settings")
                #expect(error.message.contains("'\(key)'"))
            }
        }
        for key in ["A", "_a1", "SET_ENV_VARS", "lower_case"] { try ConfigVars.validate(key: key) }
    }

    @Test func valuesAreKeptByteForByteAndBareKeysBecomeTrue() throws {
        let value = "  a  b \"q\" 'q' $X `c` = \n-----BEGIN X-----\nü🚀\n"
        let change = try ConfigVars.parseChange(try Self.json(["V": value, "N": 5, "T": true]), field: "settings")
        #expect(change["V"] == .some(value))
        #expect(change["T"] == .some("true"))
        #expect(change["N"] == .some("5"))
        #expect(throws: ExoError.self) { try ConfigVars.parseChange("[1]", field: "settings") }
        #expect(throws: ExoError.self) { try ConfigVars.parseChange(#"{"A": {"b": 1}}"#, field: "settings") }
    }

    @Test func credentialsFileHoldsTheConfigVarsUnderCONFIGAndTheyAreInTheEnvironment() throws {
        let settings = AddonSettings([ConfigVars.settingsKey: .table(["K": "v \"1\"\n"])])
        let addon = AddonRecord(deploymentID: 1, name: "config.free", settings: settings.json,
                                dateCreated: Date(), dateModified: Date())
        let result = try AddonEnvironment.compose([addon], appType: "python")
        let creds = try JSONSerialization.jsonObject(with: Data(result.credentials)) as? [String: [String: [String: String]]]
        #expect(creds == ["CONFIG": ["CONFIG_VARS": ["K": "v \"1\"\n"]]])
        #expect(result.variables == ["K": "v \"1\"\n"])
        #expect(try AddonEnvironment.buildVariables([addon]) == ["K": "v \"1\"\n"])
        let empty = try AddonEnvironment.compose([], appType: "python").credentials
        #expect((try JSONSerialization.jsonObject(with: Data(empty)) as? [String: Any])?.isEmpty == true)
    }

    @Test func otherAddonsCredentialsAreVariablesUnlessSetEnvVarsSaysOtherwise() throws {
        func compose(_ type: String, setEnvVars: String?) throws -> [String: String] {
            var vars: [String: String] = [:]
            if let setEnvVars { vars["SET_ENV_VARS"] = setEnvVars }
            let config = AddonRecord(deploymentID: 1, name: "config.free",
                                     settings: AddonSettings([ConfigVars.settingsKey: .table(vars)]).json,
                                     dateCreated: Date(), dateModified: Date())
            let mysql = AddonRecord(deploymentID: 1, name: "mysqls.free",
                                    settings: AddonSettings(["MYSQLS_HOSTNAME": .text("db")]).json,
                                    dateCreated: Date(), dateModified: Date())
            return try AddonEnvironment.compose([config, mysql], appType: type).variables
        }
        #expect(try compose("python", setEnvVars: nil)["MYSQLS_HOSTNAME"] == nil)
        #expect(try compose("php", setEnvVars: nil)["MYSQLS_HOSTNAME"] == nil)
        #expect(try compose("ruby", setEnvVars: nil)["MYSQLS_HOSTNAME"] == "db")
        #expect(try compose("python", setEnvVars: "true")["MYSQLS_HOSTNAME"] == "db")
        #expect(try compose("custom", setEnvVars: "false")["MYSQLS_HOSTNAME"] == nil)
    }

    static func json(_ object: [String: Any]) throws -> String {
        // Test input only; a key JSONSerialization cannot write is a bug in the test.
        String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

struct ConfigValueRuleTests {
    @Test(arguments: ["PORT", "HOME", "PATH", "CRED_FILE", "DEP_VERSION"])
    func platformVariablesCannotBeConfigVars(_ key: String) {
        let error = #expect(throws: ExoError.self) { try ConfigVars.parseChange("{\"\(key)\": \"x\"}", field: "settings") }
        #expect(error?.field == "settings")
        #expect(error?.message.contains(key) == true)
    }

    @Test func removingAReservedNameIsHarmlessAndAllowed() throws {
        let change = try ConfigVars.parseChange("{\"PORT\": null}", field: "settings")
        #expect(change.keys.contains("PORT"))
    }

    @Test func valuesWithANulByteOrOver64KiBAreRefusedNamingTheKey() {
        let nul = #expect(throws: ExoError.self) { try ConfigVars.parseChange("{\"A\": \"x\\u0000y\"}", field: "settings") }
        #expect(nul?.message.contains("NUL") == true)
        let big = String(repeating: "v", count: ConfigVars.maxValueBytes + 1)
        let long = #expect(throws: ExoError.self) { try ConfigVars.parseChange("{\"BIG\": \"\(big)\"}", field: "settings") }
        #expect(long?.message.contains("BIG") == true)
        #expect((try? ConfigVars.parseChange("{\"OK\": \"\(String(repeating: "v", count: ConfigVars.maxValueBytes))\"}", field: "settings")) != nil)
    }
}
