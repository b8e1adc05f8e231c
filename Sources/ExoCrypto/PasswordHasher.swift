import CCrypto

/// Password hashing with PBKDF2-HMAC-SHA256 and a random salt per password. The result is one
/// self-describing string, `pbkdf2_sha256$ITERATIONS$SALT_HEX$HASH_HEX`, so the work factor can be
/// raised later without invalidating stored hashes.
public struct PasswordHasher: Sendable {
    public static let scheme = "pbkdf2_sha256"
    /// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
    public static let defaultIterations = 600_000

    public var iterations: Int
    public var saltLength = 16
    public var keyLength = 32

    /// Tests may use few iterations; production keeps the default.
    public init(iterations: Int = PasswordHasher.defaultIterations) {
        precondition(iterations > 0, "PBKDF2 needs at least one iteration")
        self.iterations = iterations
    }

    /// Hashes `password` with a fresh salt into the encoded form.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(saltLength)
        let key = Self.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: keyLength)
        return "\(Self.scheme)$\(iterations)$\(Hex.encode(salt))$\(Hex.encode(key))"
    }

    /// Whether `password` matches `encoded` (any iteration count). Malformed input is a
    /// mismatch, never a crash; the final comparison is constant-time.
    public static func verify(_ password: String, against encoded: String) -> Bool {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == scheme,
              let iterations = Int(parts[1]), iterations > 0, iterations <= 10_000_000,
              let salt = Hex.decode(String(parts[2])),
              let expected = Hex.decode(String(parts[3])), !expected.isEmpty, expected.count <= 64
        else { return false }
        let key = pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: expected.count)
        return ConstantTime.equals(key, expected)
    }

    /// Raw PBKDF2-HMAC-SHA256 (RFC 8018), exposed for the known-answer tests.
    public static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: keyLength)
        let status = password.withUnsafeBufferPointer { pw in
            salt.withUnsafeBufferPointer { sa in
                pw.withMemoryRebound(to: CChar.self) { pwChars in
                    PKCS5_PBKDF2_HMAC(pwChars.baseAddress, Int32(pw.count), sa.baseAddress, Int32(sa.count),
                                      Int32(iterations), EVP_sha256(), Int32(keyLength), &key)
                }
            }
        }
        precondition(status == 1, "PKCS5_PBKDF2_HMAC failed")
        return key
    }
}
