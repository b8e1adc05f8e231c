import ExoCommands
import Foundation

exit(ExoUserCLI.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
