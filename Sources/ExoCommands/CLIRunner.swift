import ExoAPIClient

/// Turns a command's outcome into output and an exit status, like cctrl's
/// `execute_with_authenticated_user` plus argparse's exits.
enum CLIRunner {
    static func run(console: any Console, _ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let error as HelpRequested {
            console.write(error.text)
            return 0
        } catch let error as UsageError {
            console.writeError(error.description)
            return 2
        } catch let error as CLIError {
            switch error {
            case .input(let message):
                console.printError("[ERROR] " + message)
                return 1
            case .message(let message):
                console.printError(message)
                return 1
            case .exit(let status):
                return status
            }
        } catch let error as APIError {
            switch error {
            case .forbidden: console.printError(Messages.notAllowed)
            case .connection: console.printError(Messages.apiUnreachable)
            default: console.printError(error.description)
            }
            return 1
        } catch {
            console.printError("[ERROR] \(error)")
            return 1
        }
    }
}
