import ExoRouter
import Foundation

// Thin entry point: configuration from the environment, then the router until it is killed.
// `--check-config` only validates that configuration (exod runs it before starting the router).
// Writes to a peer that went away must fail with EPIPE, not kill the process.
signal(SIGPIPE, SIG_IGN)
do {
    let config = try RouterConfiguration.load(environment: ProcessInfo.processInfo.environment)
    if CommandLine.arguments.dropFirst().contains("--check-config") { exit(0) }
    let router = try Router.start(config)
    Router.logToStderr("listening on \(config.listen.host):\(router.port) with \(config.threads) event loops")
    router.wait()
} catch {
    Router.logToStderr("\(error)")
    exit(1)
}
