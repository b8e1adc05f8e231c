// exod: the control plane. Reads configuration from the environment once, then runs the platform.
import ExoAPI
import ExoController
import Foundation

do {
    let configuration = try PlatformConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
    try ExoDaemon.run(configuration: configuration)
} catch {
    FileHandle.standardError.write(Data("exod: \(error)\n".utf8))
    exit(1)
}
