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
}
