@testable import ExoController
import ExoRuntime
import ExoSystem
import Glibc
import Synchronization
import Testing

/// What a starting exod makes of the containers a killed one left behind.
struct LeftoversTests {
    /// Knows a fixed set of containers and records deletions.
    final class ListingRuntime: ContainerRuntime {
        let ids: [String]
        let deleted = Mutex<Set<String>>([])
        init(ids: [String]) { self.ids = ids }
        func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
            throw SystemError("no starts here", errno: EINVAL)
        }
        func kill(id: String, signal: Int32) throws {}
        func delete(id: String) throws { _ = deleted.withLock { $0.insert(id) } }
        func list() throws -> [String] { ids }
    }

    /// Also knows how the ended ones ended and what they printed last.
    final class EndedRuntime: ContainerRuntime {
        let ids: [String]
        let outcomes: [String: RunningContainer.Outcome]
        init(ids: [String], outcomes: [String: RunningContainer.Outcome]) {
            self.ids = ids
            self.outcomes = outcomes
        }
        func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
            throw SystemError("no starts here", errno: EINVAL)
        }
        func kill(id: String, signal: Int32) throws {}
        func delete(id: String) throws {}
        func list() throws -> [String] { ids }
        func collectEnded(id: String, files: ContainerFiles,
                          output: @escaping @Sendable (OutputLine) -> Void) -> RunningContainer.Outcome? {
            output(OutputLine(stream: .stderr, text: "last words of \(id)"))
            return outcomes[id]
        }
    }

    private func container(_ paths: Paths, _ id: String, shim: ProcessIdentity?, exited: Bool = false) throws {
        let directory = paths.container(id: id)
        try Files.makeDirectory(directory, mode: 0o711)
        try ContainerRecord(try AdoptionTests.target(), port: 31000).write(to: directory)
        let files = WebContainer.files(directory)
        try Files.makeDirectory(files.directory, mode: 0o700)
        if let shim { try Files.atomicWrite("\(shim.pid) \(shim.startTime)\n", to: files.shim) }
        if exited { try Files.atomicWrite("0\n", to: files.exitStatus) }
    }

    @Test func onlyContainersTheRuntimeRunsWithALiveShimAndARecordAreCandidates() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = Paths(dataDir: directory.path)
        try paths.createDirectories()
        let me = try #require(ProcessIdentity.of(pid: getpid()))
        try container(paths, "live", shim: me)
        try container(paths, "rebooted", shim: ProcessIdentity(pid: me.pid, startTime: me.startTime + 1))
        try container(paths, "exited", shim: me, exited: true)
        try container(paths, "unknown", shim: me)
        try Files.makeDirectory(paths.container(id: "norecord"), mode: 0o711)
        let runtime = ListingRuntime(ids: ["live", "rebooted", "exited", "norecord", "build-x"])

        let found = Leftovers(paths: paths, runtime: runtime).collect()
        #expect(found.map(\.id) == ["live"])
        #expect(found.first?.record.key == "shop/default")
        #expect(try Files.listDirectory(paths.containers) == ["live"])
        #expect(runtime.deleted.withLock { $0 } == ["rebooted", "exited", "unknown", "norecord", "build-x"])
    }

    @Test func containersThatEndedWhileExodWasDownReportTheirOutputAndEndToTheirDeployment() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let paths = Paths(dataDir: directory.path)
        try paths.createDirectories()
        let me = try #require(ProcessIdentity.of(pid: getpid()))
        try container(paths, "crashed", shim: me, exited: true)
        try container(paths, "oom", shim: me, exited: true)
        try container(paths, "rebooted", shim: ProcessIdentity(pid: me.pid, startTime: me.startTime + 1))
        try container(paths, "live", shim: me)
        let runtime = EndedRuntime(ids: ["crashed", "oom", "rebooted", "live"], outcomes: [
            "crashed": RunningContainer.Outcome(status: .exited(3), oomKilled: false),
            "oom": RunningContainer.Outcome(status: .exited(137), oomKilled: true),
        ])
        let events = Locked<[String]>([])
        let lines = Locked<[String]>([])
        let leftovers = Leftovers(paths: paths, runtime: runtime,
                                  events: { key, message in events.withLock { $0.append("\(key) \(message)") } },
                                  output: { key, line in lines.withLock { $0.append("\(key) \(line.text)") } })

        #expect(leftovers.collect().map(\.id) == ["live"])
        #expect(Set(events.get()) == [
            "shop/default Container crashed exited (exit status 3) while exod was down",
            "shop/default Container oom was killed: out of memory while exod was down",
            "shop/default Container rebooted ended (status unknown) while exod was down",
        ])
        #expect(Set(lines.get()) == ["shop/default last words of crashed", "shop/default last words of oom",
                                     "shop/default last words of rebooted"])
        #expect(try Files.listDirectory(paths.containers) == ["live"])
    }
}
