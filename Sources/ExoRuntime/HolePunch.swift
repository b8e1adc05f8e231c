import Glibc

/// Frees the disk blocks of an already consumed range of a file without changing its size or
/// offsets (fallocate with FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE), so an append-only
/// output file stays small on disk however long the container runs.
enum HolePunch {
    private typealias Fallocate = @convention(c) (Int32, Int32, Int64, Int64) -> Int32
    /// Glibc's Swift module hides fallocate (it needs _GNU_SOURCE); the symbol is a plain,
    /// non-variadic libc function, so looking it up is ABI-safe. Nil where libc lacks it.
    private static let fallocate: Fallocate? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate") else { return nil }
        return unsafeBitCast(symbol, to: Fallocate.self)
    }()
    private static let punchHoleKeepSize: Int32 = 0x02 | 0x01

    /// Best effort: a file system without hole punching just keeps the blocks.
    @discardableResult
    static func punch(_ fd: Int32, offset: Int64, length: Int64) -> Bool {
        guard length > 0, let fallocate else { return false }
        return fallocate(fd, punchHoleKeepSize, offset, length) == 0
    }
}
