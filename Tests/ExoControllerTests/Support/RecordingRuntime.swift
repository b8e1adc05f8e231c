import ExoCore
import ExoRuntime
import Synchronization

/// A container runtime that refuses to start anything and counts the attempts, so tests can
/// state that a refused deploy never reached the runtime. Real runc is covered by ScenarioTests.
final class RecordingRuntime: ContainerRuntime {
    private let starts = Mutex(0)

    var startCount: Int { starts.withLock { $0 } }

    func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        starts.withLock { $0 += 1 }
        throw ExoError.unavailable("RecordingRuntime starts no containers.")
    }

    func kill(id: String, signal: Int32) throws {}
    func delete(id: String) throws {}
    func list() throws -> [String] { [] }
}
