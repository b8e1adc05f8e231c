import ExoGit
import Foundation

// Unbuffered writes: git relays hook output to the pusher as it arrives.
let status = GitShell.main(
    arguments: CommandLine.arguments,
    environment: ProcessInfo.processInfo.environment,
    nextLine: { readLine(strippingNewline: true) },
    output: { try? FileHandle.standardOutput.write(contentsOf: Data($0.utf8)) })
exit(status)
