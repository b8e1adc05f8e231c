// exod: the control plane. Reads configuration from the environment once, then runs the platform.
import ExoAPI
import ExoController
import ExoSystem
import Foundation
import Glibc

// A closed stdout/stderr (its pipe's reader gone) must cost log lines, not exod: writes get EPIPE.
signal(SIGPIPE, SIG_IGN)
do {
    let configuration = try PlatformConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
    try ExoDaemon.run(configuration: configuration)
} catch {
    StandardError.writeLine("exod: \(error)")
    exit(1)
}
