import ExoSystem
import Foundation
import Testing

/// Images of earlier versions are pruned after a deploy, keeping what rollback needs.
@Suite(.serialized)
struct RetentionScenarioTests {
    @Test func aDeployPrunesOldImagesButKeepsThePreviousVersionForRollback() throws {
        let platform = try ScenarioPlatform(extraEnvironment: ["EXO_IMAGE_RETENTION": "1"])
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")
        var shas = [try head(ann, source)]
        var greeting = "Hello from exo!"
        for label in ["two", "three"] {
            let app = source + "/app.py"
            try Files.atomicWrite(try Files.readText(app).replacingOccurrences(of: greeting, with: "Version \(label)!"), to: app)
            greeting = "Version \(label)!"
            try ann.expectOK(ann.git("commit", "-q", "-am", label, in: source))
            try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
            shas.append(try head(ann, source))
        }
        let images = platform.root + "/data/images/hello/default"
        let kept = Set(try Files.listDirectory(images))
        #expect(kept == [shas[1] + ".tar.gz", shas[2] + ".tar.gz"], "\(kept)")

        let old = try ann.exoapp("hello", "deploy", shas[0])
        #expect(old.status != 0, "\(old)")
        #expect(old.stderr.contains("no image"), "\(old)")
        try ann.expectOK(ann.exoapp("hello", "rollback"))
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Version two!"))
    }

    private func head(_ user: ScenarioUser, _ source: String) throws -> String {
        try user.git("rev-parse", "HEAD", in: source).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
