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
    private let entries = Mutex<[String: [Entry]]>([:])
    /// Claimed but not wanted: stopped by `stopUnwanted`, after the restore.
    private let unwanted = Mutex<[Entry]>([])

    init(paths: Paths, runtime: any ContainerRuntime) {
        self.paths = paths
        self.runtime = runtime
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
            if known.contains(id), files.recordedExit() == nil, files.readShim()?.isAlive == true,
               let record = ContainerRecord.read(from: directory) {
                found[record.key, default: []].append(Entry(id: id, record: record))
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
        let files = WebContainer.files(paths.container(id: entry.id))
        try? runtime.kill(id: entry.id, signal: SIGTERM)
        let deadline = Date(timeIntervalSinceNow: grace)
        while files.recordedExit() == nil && Date() < deadline { usleep(50_000) }
        // `delete` kills what is still running.
        remove(entry.id)
    }
}
