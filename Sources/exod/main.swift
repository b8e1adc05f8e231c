// exod: the control plane. Reads configuration from the environment once, then runs the platform.
import ExoAPI
import ExoController
import ExoCore
import ExoSystem
import Foundation
import Glibc

// A closed stdout/stderr (its pipe's reader gone) must cost log lines, not exod: writes get EPIPE.
signal(SIGPIPE, SIG_IGN)
do {
    let environment = ProcessInfo.processInfo.environment
    for name in PlatformConfiguration.unknownNames(in: environment) {
        StandardError.writeLine("exod: \(name) is not a setting of exod and is ignored (see the README's Configuration)")
    }
    let configuration = try PlatformConfiguration.fromEnvironment(environment)
    try ExoDaemon.run(configuration: configuration)
} catch {
    // A configuration problem is told in its own words; anything else with its details.
    StandardError.writeLine("exod: \((error as? ExoError)?.message ?? "\(error)")")
    exit(1)
}
