/// A FIFO of bytes with a moving start, so consuming a prefix does not shift the array each time.
/// Heads are written straight into it (the `append` overloads), so forwarding a message builds no
/// intermediate arrays.
struct ByteQueue {
    private var storage: [UInt8] = []
    private var start = 0

    var count: Int { storage.count - start }
    var isEmpty: Bool { start == storage.count }

    mutating func append(_ bytes: [UInt8]) {
        compactIfDrained()
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: ArraySlice<UInt8>) {
        compactIfDrained()
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfDrained()
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ text: StaticString) {
        compactIfDrained()
        storage.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func append(_ text: String) {
        compactIfDrained()
        // Contiguous UTF-8 is one copy; appending the view element by element is several times slower.
        if text.utf8.withContiguousStorageIfAvailable({ storage.append(contentsOf: $0) }) == nil {
            storage.append(contentsOf: text.utf8)
        }
    }

    mutating func append(byte: UInt8) {
        compactIfDrained()
        storage.append(byte)
    }

    /// Appends `value` in decimal, without making a String.
    mutating func appendDecimal(_ value: UInt64) {
        compactIfDrained()
        var divisor: UInt64 = 1
        while value / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            storage.append(UInt8(48 + (value / divisor) % 10))
            divisor /= 10
        }
    }

    /// Appends one chunk of chunked coding (size line, data, CRLF); nothing for empty data, since
    /// an empty chunk would end the body.
    mutating func appendChunk(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        compactIfDrained()
        var shift = (Int.bitWidth - bytes.count.leadingZeroBitCount + 3) / 4 * 4
        repeat {
            shift -= 4
            let digit = UInt8((bytes.count >> shift) & 15)
            storage.append(digit < 10 ? 48 + digit : 87 + digit)
        } while shift > 0
        storage.append(13); storage.append(10)
        storage.append(contentsOf: bytes)
        storage.append(13); storage.append(10)
    }

    mutating func consume(_ n: Int) {
        start += n
        compactIfDrained()
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }

    func withReadable<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        storage.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[start...])) }
    }

    private mutating func compactIfDrained() {
        if start == storage.count {
            storage.removeAll(keepingCapacity: storage.capacity <= 1 << 20)
            start = 0
        } else if start > 1 << 16, start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
    }
}
