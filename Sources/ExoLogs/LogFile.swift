import ExoSystem
import Foundation
import Glibc

/// One log of one deployment on disk: JSON lines in `TYPE.log`, rotated to `TYPE.log.1` when it
/// passes half the cap, so the two segments together stay near `capBytes` (oldest entries dropped).
/// Used by the store's writer thread only (appends) and by readers (whole-file reads).
struct LogFile: Sendable {
    let path: String
    let capBytes: Int

    var previousPath: String { path + ".1" }

    /// Appends encoded lines; rotates first when the current segment is full.
    func append(_ lines: [UInt8]) throws {
        try Files.makeDirectory(Files.parentDirectory(of: path), mode: 0o700)
        var info = stat()
        if stat(path, &info) == 0, Int(info.st_size) + lines.count > capBytes / 2, info.st_size > 0 {
            guard rename(path, previousPath) == 0 else { throw SystemError("rename", path: path, errno: errno) }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SystemError("open", path: path, errno: errno) }
        defer { close(fd) }
        var offset = 0
        while offset < lines.count {
            let written = lines[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path, errno: errno)
            }
            offset += written
        }
    }

    /// The last `limit` entries of both segments, oldest first; unreadable lines are skipped
    /// (a crash may leave half a line at the end).
    func readLast(_ limit: Int) -> [LogEntry] {
        var entries: [LogEntry] = []
        let decoder = JSONDecoder()
        for segment in [previousPath, path] {
            guard let bytes = try? Files.read(segment) else { continue }
            for line in bytes.split(separator: UInt8(ascii: "\n")) {
                if let entry = try? decoder.decode(LogEntry.self, from: Data(line)) { entries.append(entry) }
            }
        }
        return Array(entries.suffix(limit))
    }

    static func encode(_ entries: [LogEntry]) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out: [UInt8] = []
        for entry in entries {
            guard let data = try? encoder.encode(entry) else { continue }
            out.append(contentsOf: data)
            out.append(UInt8(ascii: "\n"))
        }
        return out
    }
}
