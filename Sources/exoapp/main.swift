import ExoCommands
import Foundation

exit(ExoAppCLI.main(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
