import ExoCore
import ExoSystem

extension ExoDaemon {
    /// Lets exo-router judge the settings exod will start it with (`--check-config`), so a bad
    /// `EXO_ROUTER_*` value stops exod at start with the router's message naming the variable,
    /// instead of a router that exits at once and is restarted forever.
    static func checkRouterSettings(binary: String, environment: [String: String]) throws {
        let result = try Command.runCapturing([binary, "--check-config"], environment: environment)
        guard result.status.isSuccess else {
            let message = String(decoding: result.stderr, as: UTF8.self)
                .split(separator: "\n").last.map(String.init) ?? "exo-router refused its settings"
            // The router's line already says "exo-router: NAME: problem".
            throw ExoError.invalid("EXO_ROUTER", message)
        }
    }
}
