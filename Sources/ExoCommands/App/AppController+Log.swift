import ExoAPIClient
import ExoWire
import Foundation

extension AppController {
    /// `APP[/DEP] log TYPE [-g PATTERN] [-w WRK_ID]`: the last 500 entries, then every 2 s the ones
    /// newer than the last seen (cctrl's endless poll), until interrupted.
    func log(_ nameText: String, _ arguments: ParsedArguments) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let type = arguments["type"] ?? "error"
        let pattern = try arguments["filter"].flatMap { text -> NSRegularExpression? in
            guard !text.isEmpty else { return nil }
            do {
                return try NSRegularExpression(pattern: text, options: [.caseInsensitive])
            } catch {
                throw CLIError.input("The pattern '\(text)' is not a valid regular expression.")
            }
        }
        var timestamp: String?
        while true {
            let entries = try readLog(app: name.app, deployment: name.deploymentOrDefault, type: type, after: timestamp)
            if let last = entries.last { timestamp = last.timestamp }
            for entry in LogOutput.filter(entries, type: type, workerID: arguments["wrk_id"], pattern: pattern) {
                if let line = LogOutput.line(entry, type: type) { console.print(line) }
            }
            Thread.sleep(forTimeInterval: 2)
        }
    }

    /// `GET /app/APP/deployment/DEP/log/TYPE/[?timestamp=T]` (pycclib's `read_log`; ExoAPIClient has no call for it yet).
    func readLog(app: String, deployment: String, type: String, after timestamp: String?) throws -> [LogLine] {
        guard let token = session.api.token else { throw APIError.tokenRequired }
        var url = session.api.baseURL + "/app/\(PercentEncoding.encodePathSegment(app))/deployment/"
            + "\(PercentEncoding.encodePathSegment(deployment))/log/\(PercentEncoding.encodePathSegment(type))/"
        if let timestamp { url += "?timestamp=" + timestamp }
        let headers = [("User-Agent", session.api.userAgent), ("Accept", "application/json"),
                       ("Authorization", "cc_auth_token=\"\(token.token)\"")]
        let response: APIResponse
        do {
            response = try session.api.transport.send(method: "GET", url: url, headers: headers, body: [])
        } catch {
            throw APIError.connection(APIError.unreachableMessage)
        }
        guard response.status == 200 else {
            let error = APIError.from(status: response.status, body: response.body)
            if case .gone = error { throw CLIError.input(Messages.wrongApplication) }
            throw error
        }
        guard let entries = LogLine.decode(response.body) else {
            throw APIError.invalidResponse("Invalid answer from API: the log is not a list of entries.")
        }
        return entries
    }
}
