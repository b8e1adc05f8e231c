import ExoSystem
import Foundation

/// A client asking `/whoami` on one keep-alive connection until stopped, recording one field of
/// each answer; reconnects (and counts the connections) only when the router closed it.
final class KeepAliveLoad: Sendable {
    struct Result: Sendable {
        var answers: [String] = []
        var connections = 0
    }
    private let result = Locked(Result())
    private let thread: JoinableThread

    init(port: Int, host: String, stop: Locked<Bool>, field: String = "version") {
        let result = self.result
        thread = JoinableThread {
            var connection: RouterConnection?
            while !stop.get() {
                let answer: String
                do {
                    if connection == nil {
                        connection = try RouterConnection(port: port, timeout: 10)
                        result.withLock { $0.connections += 1 }
                    }
                    try connection!.send(RouterConnection.request("GET", "/whoami", host: host))
                    let response = try connection!.readResponse()
                    answer = response.status == 200 ? (try response.json()[field] as? String ?? "?") : "status \(response.status)"
                    if response.header("Connection")?.lowercased() == "close" { connection?.close(); connection = nil }
                } catch {
                    answer = "error: \(error)"
                    connection?.close()
                    connection = nil
                }
                result.withLock { $0.answers.append(answer) }
                usleep(5_000)
            }
            connection?.close()
        }
    }

    func finish() -> Result {
        thread.join()
        return result.get()
    }
}
