/// A FIFO of at most `capacity` elements that drops its oldest element to make room, in O(1):
/// a remote that is down must cost a flooding app nothing more than a counter.
struct BoundedQueue<Element: Sendable>: Sendable {
    let capacity: Int
    private var storage: [Element?]
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        storage = Array(repeating: nil, count: capacity)
    }

    var isEmpty: Bool { count == 0 }

    /// Appends; returns true when the oldest element was dropped for it.
    @discardableResult
    mutating func append(_ element: Element) -> Bool {
        if count == capacity {
            storage[head] = element
            head = (head + 1) % capacity
            return true
        }
        storage[(head + count) % capacity] = element
        count += 1
        return false
    }

    /// Puts elements back at the front (a batch that could not be sent), oldest first; returns how
    /// many of them did not fit.
    mutating func prepend(_ elements: [Element]) -> Int {
        let room = capacity - count
        let kept = elements.suffix(room)
        for element in kept.reversed() {
            head = (head - 1 + capacity) % capacity
            storage[head] = element
            count += 1
        }
        return elements.count - kept.count
    }

    /// Removes and returns up to `limit` elements, oldest first.
    mutating func take(upTo limit: Int) -> [Element] {
        let taken = min(limit, count)
        var result: [Element] = []
        result.reserveCapacity(taken)
        for _ in 0..<taken {
            if let element = storage[head] { result.append(element) }
            storage[head] = nil
            head = (head + 1) % capacity
            count -= 1
        }
        return result
    }
}
