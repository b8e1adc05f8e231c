import ExoSystem

/// The TCP ports a set of processes listens on, read from /proc without running any tool: each
/// socket descriptor links to `socket:[INODE]`, and the processes' own view of their network
/// namespace (`/proc/PID/net/tcp` and `tcp6`) lists the listening sockets with their inodes.
/// It lets a failed deploy tell an app that listens on a fixed port where it listens instead.
public enum ListeningSockets {
    /// Sorted, without duplicates (a dual-stack server appears in tcp and tcp6); empty when the
    /// processes are gone or hold no listening TCP socket.
    public static func ports(of processes: [Int32]) -> [Int] {
        let inodes = Set(processes.flatMap(socketInodes(of:)))
        guard let pid = processes.first, !inodes.isEmpty else { return [] }
        var ports = Set<Int>()
        for table in ["tcp", "tcp6"] {
            guard let text = try? Files.readText("/proc/\(pid)/net/\(table)") else { continue }
            for line in text.split(separator: "\n").dropFirst() {
                if let entry = ListeningEntry(line), inodes.contains(entry.inode) { ports.insert(entry.port) }
            }
        }
        return ports.sorted()
    }

    private static func socketInodes(of pid: Int32) -> [Substring] {
        let directory = "/proc/\(pid)/fd"
        guard let descriptors = try? Files.listDirectory(directory) else { return [] }
        return descriptors.compactMap { descriptor in
            guard let target = try? Files.readLink(directory + "/" + descriptor),
                  target.hasPrefix("socket:["), target.hasSuffix("]") else { return nil }
            return target.dropFirst("socket:[".count).dropLast()
        }
    }

    /// One line of /proc/net/tcp in state LISTEN (0A):
    /// `sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …`,
    /// the local address as `HEXADDR:HEXPORT`.
    private struct ListeningEntry {
        var port: Int
        var inode: Substring

        init?(_ line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[3] == "0A", let colon = fields[1].lastIndex(of: ":"),
                  let port = Int(fields[1][fields[1].index(after: colon)...], radix: 16) else { return nil }
            self.port = port
            inode = fields[9]
        }
    }
}
