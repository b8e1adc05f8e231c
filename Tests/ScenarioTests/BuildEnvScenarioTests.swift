import ExoNet
import ExoSystem
import Foundation
import Testing

/// Config vars reach the build through ENV_DIR, one file per variable holding the value byte for
/// byte, and add-on credentials do not: the app's bin/post_compile (run by the python buildpack)
/// copies ENV_DIR into the image and the running app serves the copy.
@Suite(.serialized)
struct BuildEnvScenarioTests {
    static let values: [String: String] = [
        "SPACES": "  leading, doubled  and trailing  ",
        "NEWLINES": "first\nsecond\r\n\n",
        "DOLLAR": "$HOME ${PATH} $(id) `id` $$",
        "QUOTES": #"it's "quoted" \ backslashed"#,
        "UNICODE": "grüße, 日本語, 🚀, é",
        "EQUALS": "a=b==c=",
        "PEM": "-----BEGIN KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----\n",
    ]

    @Test func buildpacksSeeConfigVarsByteForByteInENVDIRAndNoCredentials() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.fixture("Scenario/buildenvapp"), named: "hello")
        try ann.expectOK(ann.git("remote", "add", "exo", try ann.repositoryURL(of: "hello"), in: source))
        try ann.expectOK(ann.exoapp("hello", "push", "--deploy", in: source))
        #expect(try Self.seen(platform).isEmpty, "no config vars yet: ENV_DIR is empty")

        // Values with newlines travel as files (the client reads a path given as a value).
        var arguments: [String] = []
        for (key, value) in Self.values.sorted(by: { $0.key < $1.key }) {
            let file = platform.root + "/value-" + key
            try Files.atomicWrite(value, to: file)
            arguments.append(key + "=" + (value.contains("\n") ? file : value))
        }
        try ann.expectOK(ann.run([ProductsDirectory.executable("exoapp"), "hello", "config.add"] + arguments, in: nil))
        try ann.expectOK(ann.git("commit", "-q", "--allow-empty", "-m", "rebuild with config vars", in: source))
        let push = try ann.exoapp("hello", "push", "--deploy", in: source)
        try ann.expectOK(push)
        #expect((push.stdout + push.stderr).contains("-----> Running post-compile hook"), "\(push)")

        let seen = try Self.seen(platform)
        #expect(Set(seen.keys) == Set(Self.values.keys), "exactly the config vars: \(seen.keys.sorted())")
        for (key, value) in Self.values {
            #expect(seen[key] == Array(value.utf8), "\(key)")
        }
        // The credentials are not there in any form: no CRED_FILE, no CONFIG_VARS JSON.
        let credentials = try ann.exoapp("hello", "addon.creds").stdout
        #expect(credentials.contains("CONFIG_VARS"))
        for bytes in seen.values {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("CONFIG_VARS") && !text.contains("{\""), "\(text)")
        }
    }

    /// The ENV_DIR copy the running app serves: file name → bytes.
    static func seen(_ platform: ScenarioPlatform) throws -> [String: [UInt8]] {
        let response = try platform.get(host: platform.host(app: "hello"), path: "/")
        guard response.status == 200,
              let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: String] else {
            throw ScenarioFailure("buildenvapp: \(response.status) \(response.text)")
        }
        return try object.mapValues { encoded in
            guard let data = Data(base64Encoded: encoded) else { throw ScenarioFailure("not base64: \(encoded)") }
            return Array(data)
        }
    }
}
