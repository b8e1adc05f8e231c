/// The four logs of a deployment and the fields their entries carry (spec §2.4), besides `time`.
public enum LogType: String, CaseIterable, Sendable {
    case access, error, worker, deploy

    /// Field names in the order the API writes them.
    public var fields: [String] {
        switch self {
        case .access:
            ["remote_host", "remote_logname", "remote_user", "first_request_line", "status", "response_size_CLF",
             "referer", "user_agent"]
        case .error: ["type", "message"]
        case .worker: ["wrk_id", "message"]
        case .deploy: ["hostname", "level", "message"]
        }
    }

    /// A note from the platform itself (e.g. lines dropped), in this log's fields; nil for the access log.
    public func platformNote(_ message: String, hostname: String) -> [String: String]? {
        switch self {
        case .access: nil
        case .error: ["type": "exo", "message": message]
        case .worker: ["wrk_id": "exo", "message": message]
        case .deploy: ["hostname": hostname, "level": "WARNING", "message": message]
        }
    }
}
