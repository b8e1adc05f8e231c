import CCrypto

/// SHA-256 via OpenSSL's EVP interface (the low-level SHA256_* calls are deprecated in 3.x).
public enum SHA256 {
    public static func hash(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(status == 1, "EVP_Digest(SHA-256) failed")
        return Array(digest.prefix(Int(length)))
    }

    /// Lowercase hex digest of the UTF-8 bytes of `text`.
    public static func hex(_ text: String) -> String { Hex.encode(hash(Array(text.utf8))) }

    /// Lowercase hex digest of `bytes`.
    public static func hex(_ bytes: [UInt8]) -> String { Hex.encode(hash(bytes)) }
}

/// Comparison whose duration does not depend on where the inputs differ, for secrets.
public enum ConstantTime {
    /// Equal length and equal bytes. The length itself is not secret here (digests and
    /// hashes have a fixed length), so a length mismatch may return early.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in CRYPTO_memcmp(pa.baseAddress, pb.baseAddress, pa.count) == 0 }
        }
    }

    public static func equals(_ a: String, _ b: String) -> Bool { equals(Array(a.utf8), Array(b.utf8)) }
}
