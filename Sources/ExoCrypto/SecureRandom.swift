import CCrypto

/// Cryptographically secure randomness from OpenSSL's RAND_bytes, for tokens, salts and ids.
public enum SecureRandom {
    /// `count` random bytes. A failing CSPRNG is not recoverable and continuing would hand out
    /// guessable secrets, so it traps instead of throwing.
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let status = buffer.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32($0.count)) }
        precondition(status == 1, "RAND_bytes failed; refusing to continue without secure randomness")
        return buffer
    }

    /// A random secret as lowercase hex (`byteCount` bytes of entropy, twice as many characters).
    public static func token(byteCount: Int = 32) -> String {
        Hex.encode(bytes(byteCount))
    }

    /// `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias);
    /// e.g. the 8 `[a-z0-9]` characters of a deployment id.
    public static func string(length: Int, alphabet: String = "abcdefghijklmnopqrstuvwxyz0123456789") -> String {
        let symbols = Array(alphabet)
        precondition(!symbols.isEmpty && symbols.count <= 256, "alphabet must have 1...256 characters")
        let limit = 256 - 256 % symbols.count   // bytes at or above this would bias the draw
        var result = ""
        while result.count < length {
            for byte in bytes(max(length * 2, 16)) where Int(byte) < limit && result.count < length {
                result.append(symbols[Int(byte) % symbols.count])
            }
        }
        return result
    }
}
