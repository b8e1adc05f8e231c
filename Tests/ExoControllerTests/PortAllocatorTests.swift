import ExoController
import Testing

/// Ranges lie below the kernel's ephemeral ports (32768-60999), so servers that other tests bind to
/// port 0 cannot take them while these run.
struct PortAllocatorTests {
    @Test func portsAreHandedOutOnceEachUntilTheRangeIsExhausted() {
        let allocator = PortAllocator(range: 21811...21813)
        let ports = (0..<3).compactMap { _ in allocator.allocate() }
        #expect(Set(ports) == [21811, 21812, 21813])
        #expect(allocator.allocate() == nil)
    }

    @Test func aReleasedPortCanBeHandedOutAgain() {
        let allocator = PortAllocator(range: 21821...21822)
        let first = allocator.allocate()
        let second = allocator.allocate()
        #expect(first != nil && second != nil && first != second)
        allocator.release(21822)
        #expect(allocator.allocate() == 21822)
        #expect(allocator.allocate() == nil)
    }

    @Test func aReservedPortIsSkipped() {
        let allocator = PortAllocator(range: 21831...21832)
        allocator.reserve(21831)
        #expect(allocator.allocate() == 21832)
        #expect(allocator.allocate() == nil)
    }

    @Test func aPortBoundByAnotherSocketIsSkippedUntilItIsClosed() throws {
        let other = try BoundSocket(listen: true)
        let allocator = PortAllocator(range: other.port...other.port)
        #expect(allocator.allocate() == nil)
        other.close()
        #expect(allocator.allocate() == other.port)
    }
}
