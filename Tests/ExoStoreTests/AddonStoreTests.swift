import ExoCore
import ExoSQLite
import ExoStore
import Testing

struct AddonStoreTests {
    @Test func createdAddonKeepsItsSettingsTextExactly() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        let settings = #"{"CONFIG_VARS":{"A":"  two  spaces $x `y` = \"q\" \n ünï"}}"#
        try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: settings)
        let saved = try #require(try f.store.addon(deploymentID: dep.id, name: "config.free"))
        #expect(saved.settings == settings)
        #expect(Array(saved.settings.utf8) == Array(settings.utf8))
        #expect(try f.store.addons(deploymentID: dep.id).map(\.name) == ["config.free"])
    }

    @Test func bookingTheSameAddonTwiceIsAConflict() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: "{}")
        #expect(throws: ExoError.self) { try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: "{}") }
        do {
            try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: "{}")
        } catch {
            #expect(error.code == .conflict)
        }
    }

    @Test func updateAndDeleteOfAnUnbookedAddonAreNotFound() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        #expect(throws: ExoError.notFound("The add-on is not booked on the deployment.")) {
            try f.store.updateAddon(deploymentID: dep.id, name: "config.free", settings: "{}")
        }
        #expect(throws: ExoError.notFound("The add-on is not booked on the deployment.")) {
            try f.store.deleteAddon(deploymentID: dep.id, name: "config.free")
        }
        #expect(throws: ExoError.notFound("The deployment does not exist.")) {
            try f.store.createAddon(deploymentID: 9999, name: "config.free", settings: "{}")
        }
    }

    @Test func updateReplacesSettingsAndDeleteRemoves() throws {
        let f = try StoreFixture()
        let dep = try f.store.createDeployment(app: try f.app(owner: try f.user()).name, name: .default)
        try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: "{}")
        try f.store.updateAddon(deploymentID: dep.id, name: "config.free", settings: #"{"CONFIG_VARS":{"K":"v"}}"#)
        #expect(try f.store.addon(deploymentID: dep.id, name: "config.free")?.settings == #"{"CONFIG_VARS":{"K":"v"}}"#)
        try f.store.deleteAddon(deploymentID: dep.id, name: "config.free")
        #expect(try f.store.addon(deploymentID: dep.id, name: "config.free") == nil)
    }

    @Test func addonsGoWithTheirDeploymentAndSurviveReopen() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        let dep = try f.store.createDeployment(app: app.name, name: .default)
        try f.store.createAddon(deploymentID: dep.id, name: "config.free", settings: #"{"CONFIG_VARS":{}}"#)
        let reopened = try f.reopen()
        #expect(try reopened.addons(deploymentID: dep.id).count == 1)
        try reopened.deleteDeployment(app: app.name, name: .default)
        #expect(try reopened.addons(deploymentID: dep.id).isEmpty)
    }
}
