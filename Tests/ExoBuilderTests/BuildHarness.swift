import ExoBuilder
import ExoCore
import ExoRuntime
import ExoSystem
import Foundation
import Synchronization

/// A data dir, a real runc runtime and a builder, all on a temp dir; collects build output.
final class BuildHarness: Sendable {
    let temp: TemporaryDirectory.Path
    let paths: Paths
    let runtime: RuncRuntime
    let lines = Mutex<[String]>([])
    private let owner: TemporaryDirectory

    init() throws {
        owner = try TemporaryDirectory()
        temp = owner.path
        paths = Paths(dataDir: temp + "/data")
        try Files.makeDirectory(paths.builds, mode: 0o700)
        // A parent cgroup per harness, so removing it afterwards cannot race another test.
        runtime = RuncRuntime(root: paths.runcRoot, cgroupParent: "exo-buildertest-" + Files.baseName(of: temp).suffix(6))
    }

    func builder(limits: BuildLimits = BuildLimits()) -> Builder {
        Builder(paths: paths, runtime: runtime, limits: limits, allowLocalBuildpacks: true)
    }

    /// A fresh copy of `directory` as the exported source tree of a push.
    func source(copying directory: String) throws -> String {
        let path = temp + "/src-" + UUID().uuidString.prefix(8)
        try Files.copyTree(from: directory, to: path)
        return path
    }

    /// A source tree made of `files`.
    func source(files: [String: String]) throws -> String {
        let path = temp + "/src-" + UUID().uuidString.prefix(8)
        try writeTree(files, under: path)
        return path
    }

    /// A git repository holding a copy of `directory`, as a file:// URL.
    func gitRepository(copying directory: String) throws -> String {
        let path = temp + "/bp-" + UUID().uuidString.prefix(8) + ".git"
        try Files.copyTree(from: directory, to: path)
        let git = ["git", "-C", path]
        try Command.run(git + ["init", "--quiet"])
        try Command.run(git + ["add", "."])
        try Command.run(git + ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "bp"])
        return "file://" + path
    }

    /// A build cache that outlives the test run, so slow PyPI downloads happen once per machine.
    static let sharedCache = NSTemporaryDirectory() + "exo-builder-test-cache"

    func request(appType: String = "python", buildpackURL: String? = nil, sourceDir: String,
                 environment: [String: String] = [:], cacheDir: String? = nil) throws -> BuildRequest {
        BuildRequest(app: try AppName("hello"), deployment: .default, appType: appType, buildpackURL: buildpackURL,
                     sourceDir: sourceDir, cacheDir: cacheDir ?? paths.cache(app: "hello", dep: "default"),
                     environment: environment, sha: "0123456789abcdef0123456789abcdef01234567",
                     imagePath: paths.image(app: "hello", dep: "default", sha: "0123456789abcdef0123456789abcdef01234567"))
    }

    /// Runs a build, recording its output lines.
    func build(_ request: BuildRequest, limits: BuildLimits = BuildLimits()) throws(ExoError) -> BuildResult {
        try builder(limits: limits).build(request) { line in self.lines.withLock { $0.append(line) } }
    }

    /// EXO_BUILDER_TEST_VERBOSE=1 prints each test's build transcript (to eyeball the output).
    deinit {
        try? runtime.cgroups.remove("/" + runtime.cgroupParent)
        if ProcessInfo.processInfo.environment["EXO_BUILDER_TEST_VERBOSE"] == "1" { print(transcript) }
    }

    var output: [String] { lines.withLock { $0 } }
    var transcript: String { output.joined(separator: "\n") }
}
