import ExoCore
import ExoSystem

/// The first step of a build, before any buildpack runs: drop what `.cctrlignore` excludes and
/// insist on a Procfile with a `web` process, so a push that cannot run fails in a second.
enum SourcePreparation {
    /// Deletes ignored paths under `root`; returns how many entries were removed.
    @discardableResult
    static func applyIgnoreFile(in root: String) throws -> Int {
        let ignoreFile = root + "/.cctrlignore"
        // Never follow a pushed symlink out of the tree: it could point at host files.
        guard Files.exists(ignoreFile), !isSymlink(ignoreFile) else { return 0 }
        let rules = IgnoreRules(parsing: try Files.readText(ignoreFile))
        return try prune(root: root, relative: "", rules: rules)
    }

    private static func prune(root: String, relative: String, rules: IgnoreRules) throws -> Int {
        var removed = 0
        let directory = relative.isEmpty ? root : root + "/" + relative
        for name in try Files.listDirectory(directory).sorted() {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            let childPath = root + "/" + childRelative
            // lstat semantics: a symlink to a directory is not descended into.
            let isDirectory = Files.isDirectory(childPath) && !isSymlink(childPath)
            if rules.isIgnored(childRelative, isDirectory: isDirectory) {
                try Files.remove(childPath)
                removed += 1
            } else if isDirectory {
                removed += try prune(root: root, relative: childRelative, rules: rules)
            }
        }
        return removed
    }

    static func isSymlink(_ path: String) -> Bool {
        (try? Files.readLink(path)) != nil
    }

    /// Reads and validates `root/Procfile`: it must exist, parse, and declare `web`.
    static func readProcfile(in root: String) throws(ExoError) -> Procfile {
        let path = root + "/Procfile"
        if isSymlink(path) {
            throw .invalid("Procfile", "The Procfile must be a regular file, not a symbolic link.")
        }
        guard Files.exists(path), !Files.isDirectory(path) else {
            throw .invalid("Procfile", "No Procfile found in the root of the repository. "
                + "Add one with a web process, e.g. \"web: python app.py\".")
        }
        let text: String
        do { text = try Files.readText(path) } catch {
            throw .invalid("Procfile", "The Procfile could not be read: \(error)")
        }
        let procfile = try Procfile.parse(text)
        guard procfile.hasWeb else {
            throw .invalid("Procfile", "The Procfile declares no web process. "
                + "Add a line like \"web: python app.py\" that listens on $PORT.")
        }
        return procfile
    }
}
