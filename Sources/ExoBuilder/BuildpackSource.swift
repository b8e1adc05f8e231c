import ExoCore
import ExoSystem
import Foundation

/// Where a build's buildpack comes from: a built-in one shipped as a resource of this module,
/// or a git repository (`custom` apps). Either way it is copied into the build's scratch dir
/// with its `bin/*` scripts made executable, because SwiftPM resources may lose exec bits.
enum BuildpackSource: Sendable, Equatable {
    case builtIn(name: String)
    case git(url: String, branch: String?)

    /// The buildpack for an app type; unknown types are rejected up front.
    /// `allowLocal` admits `file://` URLs and paths, which read the host's disk: for tests and
    /// operators, never for a platform whose users pick their own buildpack URL.
    static func select(appType: String, buildpackURL: String?, allowLocal: Bool) throws(ExoError) -> BuildpackSource {
        switch appType {
        case "python":
            return .builtIn(name: "python")
        case "custom":
            guard let url = buildpackURL, !url.isEmpty else {
                throw .invalid("buildpack_url", "Apps of type custom need a buildpack URL.")
            }
            return try parseGitURL(url, allowLocal: allowLocal)
        default:
            throw .invalid("type", "no buildpack for app type \(appType)")
        }
    }

    /// `URL#branch` → URL and branch, as Heroku accepts it.
    static func parseGitURL(_ text: String, allowLocal: Bool) throws(ExoError) -> BuildpackSource {
        guard let parsed = BuildpackURLText(text) else {
            throw .invalid("buildpack_url", "Invalid buildpack URL: \(text)")
        }
        guard parsed.isRemote || (allowLocal && parsed.isLocal) else {
            throw .invalid("buildpack_url", "Buildpack URLs must start with https://, http:// or git://: \(text)")
        }
        return .git(url: parsed.url, branch: parsed.branch)
    }

    /// Puts the buildpack at `destination` (which must not exist) ready to run.
    func fetch(into destination: String, output: (String) -> Void) throws(ExoError) {
        switch self {
        case .builtIn(let name):
            guard let root = Self.builtInRoot(name: name) else {
                throw .internalError("The built-in \(name) buildpack is missing.", cause: "resource Buildpacks/\(name) not found")
            }
            do { try Files.copyTree(from: root, to: destination) } catch {
                throw .internalError("Could not prepare the \(name) buildpack.", cause: "\(error)")
            }
        case .git(let url, let branch):
            output("-----> Fetching buildpack \(url)" + (branch.map { " (\($0))" } ?? ""))
            // A stalled server must not hold the push forever: abort below 1 KB/s for 60 s.
            var argv = ["git", "-c", "http.lowSpeedLimit=1000", "-c", "http.lowSpeedTime=60",
                        "clone", "--quiet", "--depth", "1"]
            if let branch { argv += ["--branch", branch] }
            argv += ["--", url, destination]
            var environment = Command.defaultEnvironment
            environment["GIT_TERMINAL_PROMPT"] = "0"
            do { try Command.run(argv, environment: environment) } catch let failure as ProcessFailure {
                let reason = failure.stderr.split(separator: "\n").last.map(String.init) ?? "status \(failure.status)"
                throw .invalid("buildpack_url", "Could not fetch the buildpack \(url): \(reason)")
            } catch {
                throw .internalError("Could not fetch the buildpack.", cause: "\(error)")
            }
        }
        try Self.makeScriptsExecutable(in: destination)
    }

    private static func makeScriptsExecutable(in root: String) throws(ExoError) {
        let bin = root + "/bin"
        for script in ["detect", "compile", "release"] {
            let path = bin + "/" + script
            guard Files.exists(path), !SourcePreparation.isSymlink(path) else {
                if script == "release" { continue }   // optional in the Heroku API
                throw .invalid("buildpack_url", "The buildpack has no bin/\(script).")
            }
            do {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            } catch {
                throw .internalError("Could not prepare the buildpack.", cause: "chmod \(path): \(error)")
            }
        }
    }

    /// The directory of a built-in buildpack among this module's resources.
    static func builtInRoot(name: String) -> String? {
        guard let base = Bundle.module.resourcePath else { return nil }
        let path = base + "/Buildpacks/" + name
        return Files.isDirectory(path) ? path : nil
    }
}
