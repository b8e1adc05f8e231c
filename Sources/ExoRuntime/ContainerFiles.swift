import ExoSystem
import Glibc

/// The files through which a detached container talks to whichever exod is running: its
/// output (append-only, so the app never blocks on a reader), the exit status its shim records,
/// the shim's identity, and how far exod has read the output. All live in one directory that
/// belongs to the caller, like the bundle.
public struct ContainerFiles: Sendable, Equatable {
    public var directory: String

    public init(directory: String) { self.directory = directory }

    public var stdout: String { directory + "/stdout" }
    public var stderr: String { directory + "/stderr" }
    /// "N\n" once the container has exited with code N (written by the shim).
    public var exitStatus: String { directory + "/exit-status" }
    /// "PID STARTTIME\n" of the shim process.
    public var shim: String { directory + "/shim" }
    /// How far the output has been delivered: "STDOUT STDERR\n", rewritten in place.
    public var offsets: String { directory + "/offsets" }

    func path(of stream: OutputLine.Stream) -> String { stream == .stdout ? stdout : stderr }

    /// A fresh directory with empty output files (a previous run's files are replaced).
    func create() throws {
        try Files.makeDirectory(directory, mode: 0o700)
        for path in [stdout, stderr, exitStatus, shim, offsets] { unlink(path) }
        for path in [stdout, stderr] { try Files.atomicWrite([], to: path, mode: 0o600) }
    }

    /// Opens an output file for the container's side: appending, never blocking.
    func openForAppending(_ stream: OutputLine.Stream) throws -> Int32 {
        let fd = open(path(of: stream), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        if fd < 0 { throw SystemError("open", path: path(of: stream)) }
        return fd
    }

    /// The exit code the shim recorded, once the line is complete (nil while it runs).
    public func recordedExit() -> ExitStatus? {
        guard let text = try? Files.readText(exitStatus), text.hasSuffix("\n"),
              let code = Int32(text.dropLast()) else { return nil }
        return .exited(code)
    }

    func writeShim(_ identity: ProcessIdentity) throws {
        try Files.atomicWrite("\(identity.pid) \(identity.startTime)\n", to: shim, mode: 0o600)
    }

    /// The shim recorded at start, if any (check `isAlive`: after a reboot it is long gone).
    public func readShim() -> ProcessIdentity? {
        guard let text = try? Files.readText(shim) else { return nil }
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let pid = Int32(fields[0]), let start = UInt64(fields[1]) else { return nil }
        return ProcessIdentity(pid: pid, startTime: start)
    }
}
