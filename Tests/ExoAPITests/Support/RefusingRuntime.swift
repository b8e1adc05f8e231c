import ExoCore
import ExoRuntime

/// Starts no containers: these tests stop before anything would run (real runc is ScenarioTests' job).
struct RefusingRuntime: ContainerRuntime {
    func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        throw ExoError.unavailable("RefusingRuntime starts no containers.")
    }

    func kill(id: String, signal: Int32) throws {}
    func delete(id: String) throws {}
    func list() throws -> [String] { [] }
}
