import ExoSystem
import Foundation
import Testing

/// Bad input through the real platform: clear errors, and nothing changes.
@Suite(.serialized)
struct BadInputScenarioTests {
    @Test func invalidAndDuplicateNamesAreRefusedWithTheClientsMessages() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()

        for bad in ["1hello", "Hello", "hel-lo", "hello_world"] {
            let result = try ann.exoapp(bad, "create", "python")
            #expect(result.status == 1, "\(bad): \(result)")
            #expect(result.stderr.contains("[ERROR] Name may only contain a-z and 0-9 and must not start with a number."), "\(bad): \(result)")
        }
        let tooLong = try ann.exoapp(String(repeating: "a", count: 31), "create", "python")
        #expect(tooLong.status == 1, "\(tooLong)")
        #expect(try ann.exoapp("hello", "create", "cobol").status == 1)

        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let duplicate = try ann.exoapp("hello", "create", "python")
        #expect(duplicate.status == 1, "\(duplicate)")
        #expect(duplicate.stderr.contains("already exists"), "\(duplicate)")

        // Nothing of the refused apps reached the filesystem.
        let repos = try Files.listDirectory(platform.root + "/data/repos")
        #expect(repos == ["hello.git"])
        let list = try ann.exoapp("-l")
        #expect(list.stdout.contains("hello"))
        #expect(!list.stdout.contains("cobol"))
    }

    @Test func anotherUsersAppCanNeitherBeSeenNorPushedTo() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        let bob = try platform.user("bob")
        for user in [ann, bob] {
            try user.signUp()
        }
        try ann.expectOK(ann.exoapp("hello", "create", "python"))

        let details = try bob.exoapp("hello", "details")
        #expect(details.status == 1)
        #expect(details.stderr.contains("Sorry. You are not allowed to perform this action."), "\(details)")
        #expect(try bob.exoapp("hello", "deploy").status == 1)
        #expect(try bob.exoapp("-l").stdout.contains("hello") == false)

        let source = try bob.checkout(of: ProductsDirectory.example("python-hello"), named: "hello")
        let url = "http://bob%40example.com:\(bob.password)@127.0.0.1:\(platform.apiPort)/git/hello/repository.git"
        let push = try bob.git("push", url, "master", in: source)
        #expect(push.status != 0, "\(push)")
        #expect(push.stderr.contains("403"), "\(push)")
        // A wrong password is refused too.
        let wrong = "http://ann%40example.com:wrong-password@127.0.0.1:\(platform.apiPort)/git/hello/repository.git"
        #expect(try bob.git("push", wrong, "master", in: source).status != 0)
        // Nothing was built.
        #expect(try ann.exoapp("hello", "deploy").stderr.contains("no image"))
    }

    @Test func failedBuildsRejectThePushAndKeepTheRunningVersion() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Hello from exo!"))
        let deployed = try ann.exoapp("hello/default", "details").stdout

        // No Procfile.
        try ann.expectOK(ann.git("rm", "-q", "Procfile", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "no procfile", in: source))
        let noProcfile = try ann.exoapp("hello", "push", in: source)
        #expect(noProcfile.status == 1, "\(noProcfile)")
        #expect(noProcfile.stderr.contains("Procfile"), "\(noProcfile)")

        // A Procfile line without a colon names the line.
        try Files.atomicWrite("# processes\nweb python app.py\n", to: source + "/Procfile")
        try ann.expectOK(ann.git("add", "Procfile", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "bad procfile", in: source))
        let badProcfile = try ann.exoapp("hello", "push", in: source)
        #expect(badProcfile.status == 1, "\(badProcfile)")
        #expect(badProcfile.stderr.contains("line 2"), "\(badProcfile)")

        // bin/compile fails: pip cannot install a package that does not exist.
        try Files.atomicWrite("web: python app.py\n", to: source + "/Procfile")
        try Files.atomicWrite("exo-no-such-package-for-tests==0.0.1\n", to: source + "/requirements.txt")
        try ann.expectOK(ann.git("add", "-A", in: source))
        try ann.expectOK(ann.git("commit", "-q", "-m", "bad requirement", in: source))
        let badBuild = try ann.exoapp("hello", "push", in: source)
        #expect(badBuild.status == 1, "\(badBuild)")
        #expect(badBuild.stderr.contains("exo-no-such-package-for-tests"), "\(badBuild)")

        // The running version and the deployable image are untouched.
        #expect(try platform.get(host: platform.host(app: "hello")).text.hasPrefix("Hello from exo!"))
        try ann.expectOK(ann.exoapp("hello", "deploy"))
        #expect(try ann.exoapp("hello/default", "details").stdout.contains(
            deployed.split(separator: "\n").first { $0.contains("current version") }.map(String.init) ?? "missing"))
    }

    @Test func unknownHostsGetTheRoutersOwnPage() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let response = try platform.get(host: "nothing-here.app.localhost")
        #expect(response.status == 404)
        #expect(!response.text.contains("127.0.0.1"))
        #expect(response.text.lowercased().contains("<html"))
    }
}
