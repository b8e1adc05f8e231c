/// Objects by file descriptor in an array indexed by the descriptor: descriptors are small dense
/// integers, so the lookup every epoll event needs costs no hashing.
struct FdTable<Value> {
    private var slots: [Value?] = []
    private(set) var count = 0

    subscript(fd: Int32) -> Value? {
        get { fd >= 0 && Int(fd) < slots.count ? slots[Int(fd)] : nil }
        set {
            let index = Int(fd)
            guard index >= 0 else { return }
            if index >= slots.count {
                guard newValue != nil else { return }
                slots.append(contentsOf: repeatElement(nil, count: max(index + 1 - slots.count, slots.count, 64)))
            }
            if slots[index] != nil { count -= 1 }
            if newValue != nil { count += 1 }
            slots[index] = newValue
        }
    }

    /// Every value held, in descriptor order (a copy: callers may change the table meanwhile).
    var values: [Value] { slots.compactMap { $0 } }
}
