import ExoRouter
import Foundation

// Thin entry point: configuration from the environment, then the router until it is killed.
do {
    let config = try RouterConfiguration.load(environment: ProcessInfo.processInfo.environment)
    let router = try Router.start(config)
    Router.logToStderr("listening on \(config.listen.host):\(router.port) with \(config.threads) event loops")
    router.wait()
} catch {
    Router.logToStderr("\(error)")
    exit(1)
}
