@testable import ExoBuilder
import ExoCore
import ExoSystem
import Foundation
import Testing

/// Custom buildpacks fetched with git (file:// URLs here), and the checks that run before any.
@Suite(.serialized)
struct CustomBuildpackTests {
    @Test func aFailingCompileRejectsWithItsStatusAndLeavesNothingBehind() throws {
        let harness = try BuildHarness()
        let url = try harness.gitRepository(copying: Checkout.fixture("failing-buildpack"))
        let source = try harness.source(files: ["Procfile": "web: ./run\n"])
        let request = try harness.request(appType: "custom", buildpackURL: url, sourceDir: source)
        let error = try #require(throws: ExoError.self) { try harness.build(request) }
        #expect(error.message == "The buildpack's compile step failed (exit status 3).")
        #expect(harness.output.contains("-----> Compiling and then failing on purpose"))
        #expect(harness.output.contains("       something went wrong"), "stderr is relayed too")
        #expect(!Files.exists(request.imagePath))
        #expect(!Files.exists(source))
        #expect(try Files.listDirectory(harness.paths.builds).isEmpty)
        #expect(try harness.runtime.list().isEmpty)
    }

    @Test func compileGetsTheBuildpackContractAndReleaseDefaultsFillTheProcfile() throws {
        let harness = try BuildHarness()
        let url = try harness.gitRepository(copying: Checkout.fixture("echo-buildpack"))
        let source = try harness.source(files: ["Procfile": "web: ./run\n"])
        let request = try harness.request(appType: "custom", buildpackURL: url, sourceDir: source,
                                          environment: ["GREETING": "hi there", "bad name": "skipped"])
        let result = try harness.build(request)
        #expect(harness.output.contains("-----> Echo app detected"))
        #expect(harness.output.contains("       plain line from the buildpack"))
        #expect(result.procfile.processes.map(\.name) == ["web", "clock"])
        #expect(result.procfile.command(for: "web") == "./run", "the Procfile wins over defaults")
        #expect(harness.output.contains("-----> Procfile declares types -> web, clock"))

        let unpacked = harness.temp + "/unpacked"
        try ImageUnpacker.extract(image: result.imagePath, into: unpacked)
        let report = try Files.readText(unpacked + "/compile-report")
        #expect(report.contains("args=/srv/www /srv/cache /srv/env"))
        #expect(report.contains("uid=65534"))
        #expect(report.contains("greeting=hi there"))
        #expect(report.contains("pwd=/srv/www"))
        #expect(try Files.readText(unpacked + "/.exo/processes/clock") == "sleep infinity\n")
        #expect(Files.exists(request.cacheDir + "/cache-marker"))
    }

    @Test func aBranchFragmentIsCloned() throws {
        let harness = try BuildHarness()
        let url = try harness.gitRepository(copying: Checkout.fixture("echo-buildpack"))
        let repo = String(url.dropFirst("file://".count))
        try Command.run(["git", "-C", repo, "branch", "stable"])
        let source = try harness.source(files: ["Procfile": "web: ./run\n"])
        _ = try harness.build(try harness.request(appType: "custom", buildpackURL: url + "#stable", sourceDir: source))
        #expect(harness.output.contains { $0.hasPrefix("-----> Fetching buildpack") && $0.hasSuffix("(stable)") })

        let missing = try harness.source(files: ["Procfile": "web: ./run\n"])
        let error = try #require(throws: ExoError.self) {
            try harness.build(try harness.request(appType: "custom", buildpackURL: url + "#nope", sourceDir: missing))
        }
        #expect(error.message.hasPrefix("Could not fetch the buildpack"))
    }

    @Test func aMissingProcfileRejectsBeforeAnyBuildpackRuns() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: ["app.py": ""])
        let request = try harness.request(sourceDir: source)
        let error = try #require(throws: ExoError.self) { try harness.build(request) }
        #expect(error.message.hasPrefix("No Procfile found"))
        #expect(harness.output.isEmpty)
        #expect(!Files.exists(source))
    }

    @Test func aProcfileWithoutWebIsRejected() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: ["Procfile": "worker: python w.py\n", "w.py": ""])
        let error = try #require(throws: ExoError.self) { try harness.build(try harness.request(sourceDir: source)) }
        #expect(error.message.contains("no web process"))
    }

    @Test func aBadProcfileLineIsNamedInTheRejection() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: ["Procfile": "# app\nweb python app.py\n", "app.py": ""])
        let error = try #require(throws: ExoError.self) { try harness.build(try harness.request(sourceDir: source)) }
        #expect(error.message.contains("Procfile line 2"))
        #expect(error.message.contains("web python app.py"))
    }

    @Test func unknownAppTypesAreRejectedClearly() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: ["Procfile": "web: ruby app.rb\n"])
        let error = try #require(throws: ExoError.self) {
            try harness.build(try harness.request(appType: "ruby", sourceDir: source))
        }
        #expect(error.message == "no buildpack for app type ruby")
    }

    @Test func ignoredFilesNeverReachTheImage() throws {
        let harness = try BuildHarness()
        let url = try harness.gitRepository(copying: Checkout.fixture("echo-buildpack"))
        let source = try harness.source(files: [
            "Procfile": "web: ./run\n", ".cctrlignore": "*.psd\nassets/raw/\n",
            "logo.psd": "x", "assets/raw/big.bin": "x", "assets/site.css": "x",
        ])
        let result = try harness.build(try harness.request(appType: "custom", buildpackURL: url, sourceDir: source))
        #expect(harness.output.contains("-----> Applied .cctrlignore (2 paths removed)"))
        let listing = try Command.run(["tar", "--list", "--gzip", "--file", result.imagePath]).stdout
        #expect(!listing.contains("logo.psd"))
        #expect(!listing.contains("raw/"))
        #expect(listing.contains("./assets/site.css"))
    }
}

struct LeftoverTests {
    @Test func leftoversOfInterruptedBuildsAreRemovedAndOtherDirsKept() throws {
        let harness = try BuildHarness()
        try Files.makeDirectory(harness.paths.builds + "/build-crashed00/buildpack", mode: 0o755)
        try Files.makeDirectory(harness.paths.builds + "/unrelated", mode: 0o755)
        try harness.builder().removeLeftovers()
        #expect(try Files.listDirectory(harness.paths.builds) == ["unrelated"])
    }
}
