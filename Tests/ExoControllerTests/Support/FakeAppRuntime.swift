import Dispatch
import ExoCore
import ExoRuntime
import ExoSystem
import Synchronization

/// A container runtime whose "containers" are in-process listeners on the spec's $PORT, so the
/// reconciler's real readiness probe, route switch and stop path run without runc.
/// `listens == false` makes apps that never open their port; `portHeldElsewhere` makes the port
/// accept connections without the app's own socket (another process took it); `crash(port:)`
/// ends one on its own.
final class FakeAppRuntime: ContainerRuntime {
    private struct App {
        var port: Int
        var socket: BoundSocket?
        var ownSocket: Bool
        var exit: DispatchSemaphore
        var status: ExitStatus?
    }

    private let apps = Mutex<[String: App]>([:])
    private let starts = Mutex(0)
    private let listening = Mutex(true)
    private let heldElsewhere = Mutex(false)

    /// Whether apps started from now on open their port.
    var listens: Bool {
        get { listening.withLock { $0 } }
        set { listening.withLock { $0 = newValue } }
    }

    /// Whether the port of apps started from now on is opened by "another process" instead.
    var portHeldElsewhere: Bool {
        get { heldElsewhere.withLock { $0 } }
        set { heldElsewhere.withLock { $0 = newValue } }
    }

    var startCount: Int { starts.withLock { $0 } }

    /// Ports of the apps that are still running.
    var livePorts: Set<Int> { apps.withLock { Set($0.values.filter { $0.status == nil }.map(\.port)) } }

    func start(_ spec: ContainerSpec, output: @escaping @Sendable (OutputLine) -> Void) throws -> RunningContainer {
        starts.withLock { $0 += 1 }
        guard let port = spec.env["PORT"].flatMap(Int.init) else { throw ExoError.invalid("PORT", "no $PORT in the spec") }
        let socket = listens ? try BoundSocket(port: port, listen: true) : nil
        let exit = DispatchSemaphore(value: 0)
        apps.withLock { $0[spec.id] = App(port: port, socket: socket, ownSocket: !portHeldElsewhere, exit: exit, status: nil) }
        output(OutputLine(stream: .stdout, text: "fake app on port \(port)"))
        return RunningContainer(id: spec.id) { [self] in
            exit.wait()
            let status = apps.withLock { $0[spec.id]?.status } ?? .exited(0)
            return RunningContainer.Outcome(status: status, oomKilled: false)
        }
    }

    func kill(id: String, signal: Int32) throws { end(id: id, status: .signaled(signal)) }

    func delete(id: String) throws { end(id: id, status: .signaled(9)) }

    func list() throws -> [String] { apps.withLock { Array($0.keys) } }

    func listeningPorts(id: String) -> [Int]? {
        apps.withLock { apps in
            guard let app = apps[id], app.status == nil else { return nil }
            return app.socket != nil && app.ownSocket ? [app.port] : []
        }
    }

    /// The app on `port` exits with status 1, as a crashing app would.
    func crash(port: Int) {
        guard let id = apps.withLock({ $0.first { $0.value.port == port && $0.value.status == nil }?.key }) else { return }
        end(id: id, status: .exited(1))
    }

    private func end(id: String, status: ExitStatus) {
        let ended = apps.withLock { apps -> App? in
            guard var app = apps[id], app.status == nil else { return nil }
            app.status = status
            apps[id] = app
            return app
        }
        guard let ended else { return }
        ended.socket?.close()
        ended.exit.signal()
    }
}
