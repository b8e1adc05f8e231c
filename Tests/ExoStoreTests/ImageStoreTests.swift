import ExoCore
import ExoStore
import Testing

struct ImageStoreTests {
    func newImage(_ sha: String, dep: DeploymentName = .default) throws -> NewImage {
        NewImage(app: try AppName("hello"), deployment: dep, sha: sha, path: "/data/images/hello/\(dep)/\(sha).tar.gz",
                 size: 1234, procfile: "web: python app.py\n")
    }

    @Test func savesAndFindsImages() throws {
        let f = try StoreFixture()
        try f.app(owner: try f.user())
        let image = try f.store.saveImage(try newImage("aaa"))
        #expect(image.app.rawValue == "hello")
        #expect(image.deployment == .default)
        #expect(image.size == 1234)
        #expect(image.procfile == "web: python app.py\n")
        #expect(image.dateCreated == f.clock.now)
        #expect(try f.store.image(app: image.app, deployment: .default, sha: "aaa") == image)
        #expect(try f.store.image(app: image.app, deployment: .default, sha: "bbb") == nil)
    }

    @Test func latestIsTheMostRecentlySavedEvenWithinOneSecond() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        try f.store.saveImage(try newImage("aaa"))
        try f.store.saveImage(try newImage("bbb"))
        try f.store.saveImage(try newImage("ccc", dep: DeploymentName("dev")))
        #expect(try f.store.latestImage(app: app.name, deployment: .default)?.sha == "bbb")
        // Rebuilding an older commit makes it the latest again, without a duplicate.
        try f.store.saveImage(try newImage("aaa"))
        #expect(try f.store.images(app: app.name, deployment: .default).map(\.sha) == ["aaa", "bbb"])
        #expect(try f.store.latestImage(app: app.name, deployment: DeploymentName("dev"))?.sha == "ccc")
        #expect(try f.store.latestImage(app: app.name, deployment: DeploymentName("none")) == nil)
    }

    @Test func imagesMayPrecedeTheirDeploymentButNotTheirApp() throws {
        let f = try StoreFixture()
        #expect(throws: ExoError.notFound("The application does not exist.")) { try f.store.saveImage(try newImage("aaa")) }
        try f.app(owner: try f.user())
        #expect(try f.store.saveImage(try newImage("aaa", dep: DeploymentName("feature"))).sha == "aaa")
    }

    @Test func deleteImagesReturnsTheDeletedRecords() throws {
        let f = try StoreFixture()
        let app = try f.app(owner: try f.user())
        let a = try f.store.saveImage(try newImage("aaa"))
        let b = try f.store.saveImage(try newImage("bbb"))
        let dev = try f.store.saveImage(try newImage("ccc", dep: DeploymentName("dev")))
        #expect(try f.store.deleteImages(app: app.name, deployment: .default) == [b, a])
        #expect(try f.store.images(app: app.name, deployment: .default).isEmpty)
        try f.store.deleteImage(id: dev.id)
        #expect(throws: ExoError.self) { try f.store.deleteImage(id: dev.id) }
    }
}
