import ExoRuntime
import ExoSystem
import Foundation
import Glibc
import Synchronization

/// Web containers an earlier exod left running (it crashed or was killed), found when exod
/// starts and handed to the reconciler deployment by deployment: those that match the desired
/// state are adopted, the rest are stopped once the routes no longer point at them.
final class Leftovers: Sendable {
    struct Entry: Sendable {
        var id: String
        var record: ContainerRecord
    }

    private let paths: Paths
    private let runtime: any ContainerRuntime
    private let events: @Sendable (String, String) -> Void
    private let output: @Sendable (String, OutputLine) -> Void
    private let entries = Mutex<[String: [Entry]]>([:])
    /// Claimed but not wanted: stopped by `stopUnwanted`, after the restore.
    private let unwanted = Mutex<[Entry]>([])

    /// `events` and `output` are the reconciler's: containers that ended while exod was down
    /// are reported there like a crash seen live, with what they printed meanwhile.
    init(paths: Paths, runtime: any ContainerRuntime,
         events: @escaping @Sendable (String, String) -> Void = { _, _ in },
         output: @escaping @Sendable (String, OutputLine) -> Void = { _, _ in }) {
        self.paths = paths
        self.runtime = runtime
        self.events = events
        self.output = output
    }

    /// Looks at what runs: a container the runtime knows and whose directory holds a record is
    /// a candidate while its shim lives; everything else (no record, runtime state without a
    /// directory or the reverse, stopped containers) is removed at once. Returns the candidates.
    func collect() -> [Entry] {
        let known = Set((try? runtime.list()) ?? [])
        let directories = (try? Files.listDirectory(paths.containers)) ?? []
        var found: [String: [Entry]] = [:]
        for id in directories {
            let directory = paths.container(id: id)
            let files = WebContainer.files(directory)
            // A dead shim (after a reboot: runc's state dir survives, the processes do not) means nobody
            // would record the end; such a container is removed rather than adopted blind.
            let record = ContainerRecord.read(from: directory)
            if known.contains(id), files.recordedExit() == nil, files.readShim()?.isAlive == true, let record {
                found[record.key, default: []].append(Entry(id: id, record: record))
            } else if known.contains(id), let record {
                collectEnded(Entry(id: id, record: record))
            } else {
                remove(id)
            }
        }
        for id in known.subtracting(directories) { try? runtime.delete(id: id) }
        entries.withLock { $0 = found }
        return found.values.flatMap { $0 }
    }

    /// The candidates of one deployment (each is handed out once).
    func take(_ key: String) -> [Entry] {
        entries.withLock { $0.removeValue(forKey: key) ?? [] }
    }

    /// A candidate that is not to run: stopped later by `stopUnwanted`.
    func reject(_ entry: Entry) {
        unwanted.withLock { $0.append(entry) }
    }

    /// A container that ended while exod was down (or since `collect`): its remaining output goes
    /// to its deployment's log, its end is reported as a crash seen live would be, then it is removed.
    func collectEnded(_ entry: Entry) {
        let key = entry.record.key
        let outcome = runtime.collectEnded(id: entry.id, files: WebContainer.files(paths.container(id: entry.id))) { [output] line in
            output(key, line)
        }
        let reason = switch outcome {
        case let outcome? where outcome.oomKilled: "was killed: out of memory"
        case let outcome?: "exited (\(outcome.status))"
        case nil: "ended (status unknown)"
        }
        events(key, "Container \(entry.id) \(reason) while exod was down")
        remove(entry.id)
    }

    /// Runtime state and directory of a container that has ended.
    func remove(_ id: String) {
        try? runtime.delete(id: id)
        try? Files.remove(paths.container(id: id))
    }

    /// Stops every candidate nobody claimed plus the rejected ones (SIGTERM, up to `grace`
    /// seconds, then forced), in parallel; returns their ports for release.
    func stopUnwanted(grace: Double) -> [Int] {
        let all = unwanted.withLock { list in defer { list = [] }; return list }
            + entries.withLock { table in defer { table = [:] }; return table.values.flatMap { $0 } }
        let threads = all.map { entry in JoinableThread { [self] in stop(entry, grace: grace) } }
        for thread in threads { thread.join() }
        return all.map(\.record.port)
    }

    private func stop(_ entry: Entry, grace: Double) {
        // Said in the deployment's logs, so an operator sees where a half-started deploy went.
        events(entry.record.key, "Stopping container \(entry.id) of version \(entry.record.version) left by the previous exod: not what the deployment runs now")
        let files = WebContainer.files(paths.container(id: entry.id))
        try? runtime.kill(id: entry.id, signal: SIGTERM)
        let deadline = Date(timeIntervalSinceNow: grace)
        while files.recordedExit() == nil && Date() < deadline { usleep(50_000) }
        // `delete` kills what is still running.
        remove(entry.id)
    }
}
