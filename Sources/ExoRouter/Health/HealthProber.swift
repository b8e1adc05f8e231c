import ExoNet
import ExoSystem
import Glibc
import Synchronization

/// Probes ejected backends on `/CloudHealthCheck` (User-Agent `cloudControl-HealthCheck`, as the
/// spec describes) once per interval and puts back every one that answers below 500.
final class HealthProber: Sendable {
    private let health: BackendHealth
    private let routes: RouteStore
    private let interval: Double
    private let client: HTTPClient
    private let stopped = Atomic<Bool>(false)

    init(health: BackendHealth, routes: RouteStore, interval: Double = 1, timeout: Double = 5) {
        self.health = health
        self.routes = routes
        self.interval = interval
        client = HTTPClient(timeout: timeout)
    }

    func start() { JoinableThread.detach { [self] in run() } }

    func stop() { stopped.store(true, ordering: .releasing) }

    private func run() {
        while !stopped.load(ordering: .acquiring) {
            let current = routes.table.allBackends
            for backend in health.ejectedBackends where !stopped.load(ordering: .acquiring) {
                // A container that left the table (redeploy, scale down) is forgotten, not probed.
                if !current.contains(backend) || probe(backend) { health.restore(backend) }
            }
            var left = interval
            while left > 0, !stopped.load(ordering: .acquiring) {
                usleep(50_000)
                left -= 0.05
            }
        }
    }

    private func probe(_ backend: HostPort) -> Bool {
        let response = try? client.send(method: "GET", url: "http://\(backend)/CloudHealthCheck",
                                        headers: [("User-Agent", "cloudControl-HealthCheck"), ("Connection", "close")])
        guard let response else { return false }
        return response.status < 500
    }
}
