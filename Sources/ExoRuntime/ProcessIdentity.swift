import ExoSystem
import Glibc

/// A process that is not our child, named so that a recycled pid is not mistaken for it:
/// pid plus the start time the kernel reports in /proc/PID/stat (field 22, clock ticks since boot).
public struct ProcessIdentity: Sendable, Equatable {
    public var pid: Int32
    public var startTime: UInt64

    public init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The identity of a running process, nil when there is none (or only a zombie).
    public static func of(pid: Int32) -> ProcessIdentity? {
        guard let stat = Stat(pid: pid), stat.state != "Z" else { return nil }
        return ProcessIdentity(pid: pid, startTime: stat.startTime)
    }

    /// Still the same process, and not a zombie waiting for a parent that never reaps.
    public var isAlive: Bool { Self.of(pid: pid) == self }

    private struct Stat {
        var state: Character
        var startTime: UInt64

        init?(pid: Int32) {
            guard pid > 0, let text = try? Files.readText("/proc/\(pid)/stat"),
                  let close = text.lastIndex(of: ")") else { return nil }
            // The command name (field 2) may contain spaces and parentheses: split after its last ")".
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 19, let state = fields[0].first, let start = UInt64(fields[19]) else { return nil }
            self.state = state
            startTime = start
        }
    }
}
