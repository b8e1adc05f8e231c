/// A FIFO of bytes with a moving start, so consuming a prefix does not shift the array each time.
struct ByteQueue {
    private var storage: [UInt8] = []
    private var start = 0

    var count: Int { storage.count - start }
    var isEmpty: Bool { start == storage.count }

    mutating func append(_ bytes: [UInt8]) {
        compactIfDrained()
        storage.append(contentsOf: bytes)
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfDrained()
        storage.append(contentsOf: bytes)
    }

    mutating func consume(_ n: Int) {
        start += n
        compactIfDrained()
    }

    mutating func removeAll() {
        storage.removeAll(keepingCapacity: true)
        start = 0
    }

    /// Moves every byte out, leaving the queue empty.
    mutating func takeAll() -> [UInt8] {
        let out = Array(storage[start...])
        removeAll()
        return out
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
