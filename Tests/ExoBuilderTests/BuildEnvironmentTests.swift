@testable import ExoBuilder
import ExoCore
import ExoSystem
import Foundation
import Testing

/// Config vars reach a build through ENV_DIR byte for byte, and the python buildpack runs the
/// app's bin/pre_compile and bin/post_compile hooks (as Heroku's does) with ENV_DIR exported.
struct BuildEnvironmentTests {
    static let awkward: [String: String] = [
        "SPACES": "  two  spaces  ",
        "MULTILINE": "line one\nline two\n",
        "SHELLISH": "$HOME `id` \"double\" 'single' \\ $(x)",
        "UNICODE": "grüße ✓ 日本",
        "EQUALS": "a=b=c",
        "EMPTY": "",
    ]

    static let hookApp: [String: String] = [
        "Procfile": "web: python app.py\n",
        "app.py": "print('hi')\n",
        "bin/pre_compile": "#!/bin/sh\nset -eu\necho pre > \"$BUILD_DIR/.pre-compile-ran\"\n",
        "bin/post_compile": """
            #!/bin/sh
            set -eu
            mkdir -p "$BUILD_DIR/.seen-env"
            for file in "$ENV_DIR"/*; do [ -f "$file" ] && cp "$file" "$BUILD_DIR/.seen-env/"; done
            ls -A "$ENV_DIR" > "$BUILD_DIR/.seen-env-names"
            printf '%s' "$MULTILINE" > "$BUILD_DIR/.seen-exported"

            """,
    ]

    @Test func postCompileSeesEveryConfigVarByteForByteInENVDIR() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: Self.hookApp)
        let result = try harness.build(try harness.request(sourceDir: source, environment: Self.awkward,
                                                           cacheDir: BuildHarness.sharedCache))
        #expect(harness.output.contains("-----> Running pre-compile hook"))
        #expect(harness.output.contains("-----> Running post-compile hook"))
        func read(_ path: String) throws -> [UInt8]? {
            try ImageUnpacker.readFile(image: result.imagePath, path: path, maxBytes: 1 << 20)
        }
        for (key, value) in Self.awkward {
            #expect(try read(".seen-env/" + key) == Array(value.utf8), "\(key)")
        }
        #expect(try read(".seen-env-names") == Array((Self.awkward.keys.sorted().joined(separator: "\n") + "\n").utf8))
        #expect(try read(".pre-compile-ran") == Array("pre\n".utf8))
        // Exported like Heroku's sub_env does: command substitution drops trailing newlines.
        #expect(try read(".seen-exported") == Array("line one\nline two".utf8))
    }

    @Test func readFileGivesARegularFileNilWhenMissingAndRefusesLargeOnes() throws {
        let harness = try BuildHarness()
        let tree = harness.temp + "/tree"
        try writeTree(["conf/remote.cfg": "*.* @@127.0.0.1:514\n", "big": String(repeating: "x", count: 5000)], under: tree)
        try Command.run(["ln", "-s", "/etc/hostname", tree + "/link"])
        let image = harness.temp + "/image.tar.gz"
        try Command.run(["tar", "--create", "--gzip", "--file", image, "--directory", tree, "."])

        #expect(try ImageUnpacker.readFile(image: image, path: "conf/remote.cfg", maxBytes: 100)
            == Array("*.* @@127.0.0.1:514\n".utf8))
        #expect(try ImageUnpacker.readFile(image: image, path: "conf/missing.cfg", maxBytes: 100) == nil)
        #expect(try ImageUnpacker.readFile(image: image, path: "link", maxBytes: 100) == [])
        #expect(throws: ExoError.self) { try ImageUnpacker.readFile(image: image, path: "big", maxBytes: 100) }
    }
}
