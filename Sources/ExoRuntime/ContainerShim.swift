/// The parent of a detached container's runtime process: a fixed /bin/sh script that runs the
/// runtime in the foreground and writes its exit status to a file, so the status survives exod
/// (the shim is started in its own session and is nobody's concern when exod dies). The same
/// design as conmon or containerd-shim, at the size of four lines. Arguments arrive as "$@",
/// never spliced into the script.
enum ContainerShim {
    static let script = """
        status_file=$1
        shift
        "$@"
        code=$?
        printf '%s\\n' "$code" > "$status_file"
        """

    static func argv(statusFile: String, command: [String]) -> [String] {
        ["/bin/sh", "-c", script, "exo-shim", statusFile] + command
    }
}
