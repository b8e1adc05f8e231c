import ExoController
import ExoCore
import ExoLogs
import ExoRuntime

/// `GET /app/{app}/deployment/{dep}/log/{type}/[?timestamp=T]`: the last 500 entries of a log, or
/// only those newer than T (spec §2.4); the deployment's owner only.
enum LogRoutes {
    static func register(into router: inout APIRouter, deployments: DeploymentService, logs: LogStore) {
        router.add("GET", "/app/{app}/deployment/{dep}/log/{type}/") { request, authenticate in
            let principal = try authenticate(request)
            let deployment = try deployments.deployment(app: request.parameter("app"), name: request.parameter("dep"),
                                                        by: principal)
            guard let type = LogType(rawValue: request.parameter("type")) else {
                throw ExoError.invalid("type", "Unknown log type. Choose one of: access, error, worker, deploy.")
            }
            var after: Int64?
            if let text = request.query["timestamp"], !text.isEmpty {
                guard let parsed = LogTimestamp.parse(text) else {
                    throw ExoError.invalid("timestamp", "Give the timestamp as seconds since the epoch, e.g. 1700000000.123456.")
                }
                after = parsed
            }
            let entries = logs.entries(deployment.qualifiedName, type, after: after)
            return APIResponse(status: 200, body: LogJSON.encode(entries, type: type))
        }
    }
}

/// How the platform's events and the containers' output reach a deployment's logs.
enum LogSinks {
    /// Reconciler events: crashes go to the error log, everything else (versions deployed, route
    /// switches) to the deploy log at level INFO.
    static func reconcilerEvents(_ logs: LogStore) -> @Sendable (String, String) -> Void {
        { key, message in
            if message.hasPrefix("Container ") {
                logs.append(key, .error, ["type": "exo", "message": message])
            } else {
                logs.append(key, .deploy, ["hostname": logs.hostname, "level": "INFO", "message": message])
            }
        }
    }

    /// Builds of pushes: start and outcome, failures at level ERROR.
    static func buildEvents(_ logs: LogStore) -> @Sendable (String, String, Bool) -> Void {
        { key, message, failed in
            logs.append(key, .deploy, ["hostname": logs.hostname, "level": failed ? "ERROR" : "INFO", "message": message])
        }
    }

    /// Every line a web container prints, tagged with the stream it came from; a flood is limited.
    static func containerOutput(_ logs: LogStore) -> @Sendable (String, OutputLine) -> Void {
        { key, line in
            logs.append(key, .error, ["type": line.stream == .stderr ? "stderr" : "stdout", "message": line.text],
                        rateLimited: true)
        }
    }
}
