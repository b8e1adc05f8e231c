import ExoNet

/// Entry point of the `exo-git-shell` executable: dispatches on the first argument. Today only
/// the `pre-receive` hook; the SSH forced-command verbs join it later.
public enum GitShell {
    /// Runs the shell and returns its exit status.
    public static func main(arguments: [String], environment: [String: String],
                            nextLine: () -> String?, output: (String) -> Void) -> Int32 {
        switch arguments.dropFirst().first {
        case "pre-receive":
            return PreReceiveHook(environment: environment).run(nextLine: nextLine, output: output)
        default:
            output("usage: exo-git-shell pre-receive\n")
            return 2
        }
    }
}
