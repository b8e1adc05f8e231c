import ExoBuilder
import ExoCore
import ExoCrypto
import ExoGit
import ExoStore
import ExoSystem
import Foundation
import Synchronization

/// A pushed branch becomes an image: export the commit, run the build, store the image.
/// Runs inside the pre-receive hook's request, so a failure rejects the push.
public final class PushService: Sendable {
    private let store: any Store
    private let paths: Paths
    private let git: GitClient
    private let builder: Builder
    private let builds = KeyedSerializer()
    private let events: @Sendable (String, String, Bool) -> Void

    /// `events(deploymentKey, message, failed)` gets one line per build start and outcome for the
    /// deploy log (not the build's output: it would push older deploys out of the log's last 500).
    public init(store: any Store, paths: Paths, git: GitClient, builder: Builder,
                events: @escaping @Sendable (String, String, Bool) -> Void = { _, _, _ in }) {
        self.store = store
        self.paths = paths
        self.git = git
        self.builder = builder
        self.events = events
    }

    /// Builds the pushed commit; `output` gets the lines for the pusher. Throws with the reason
    /// the push must be rejected; the previous image and the running version stay untouched.
    public func handle(_ push: PushRequest, output: @escaping @Sendable (String) -> Void) throws(ExoError) {
        guard let appName = try? AppName(push.app), let app = try store.app(named: appName) else {
            throw .notFound("This application is unknown.")
        }
        guard let owner = try store.user(id: app.ownerID), owner.username.rawValue == push.pusher else {
            throw .forbidden("You are not allowed to push to \(app.name).")
        }
        let branch = push.ref.hasPrefix("refs/heads/") ? String(push.ref.dropFirst("refs/heads/".count)) : push.ref
        guard push.ref.hasPrefix("refs/heads/"), let depName = DeploymentName(branch: branch) else {
            throw .invalid("ref", "The branch '\(branch)' does not name a deployment: push master (default) or a branch named like a deployment.")
        }
        guard !push.new.allSatisfy({ $0 == "0" }) else {
            throw .invalid("ref", "Deleting the branch '\(branch)' is not allowed; undeploy the deployment instead.")
        }
        guard try store.deployment(app: app.name, name: depName) != nil else {
            throw .notFound("The deployment \(app.name)/\(depName) does not exist. Create it with: exoapp \(app.name)/\(depName) push")
        }
        try builds.run("\(app.name)/\(depName)") { () throws(ExoError) in
            // Builds of one branch wait for each other; one that waited may find the branch moved
            // on by the push before it, which git will refuse: say so now instead of building.
            try requireBranchUnmoved(push, app: app, branch: branch)
            try build(push, app: app, deployment: depName, output: output)
        }
    }

    /// Throws when the branch no longer is where the push started from (another push was
    /// accepted meanwhile): git would reject the ref update after the build anyway, and an image
    /// of a commit that never reached the branch must not be stored.
    private func requireBranchUnmoved(_ push: PushRequest, app: AppRecord, branch: String) throws(ExoError) {
        let current: String?
        do {
            current = try git.revParse(repo: paths.repo(app: app.name.rawValue), "refs/heads/" + branch)
        } catch {
            throw .internalError("Reading the branch failed.", cause: "\(error)")
        }
        let started = push.old.allSatisfy { $0 == "0" } ? nil : push.old
        guard current == started else {
            throw .conflict("The branch '\(branch)' moved on while this push waited: another push was accepted first. Fetch, merge and push again.")
        }
    }

    private func build(_ push: PushRequest, app: AppRecord, deployment depName: DeploymentName,
                       output: @escaping @Sendable (String) -> Void) throws(ExoError) {
        let key = "\(app.name)/\(depName)"
        let scratch = paths.build(id: "push-" + SecureRandom.string(length: 10))
        defer { try? Files.remove(scratch) }
        output("-----> Receiving push")
        let source = scratch + "/src"
        do {
            try Files.makeDirectory(source, mode: 0o755)
            try git.archive(repo: paths.repo(app: app.name.rawValue), sha: push.new, into: source,
                            objectEnvironment: push.objectEnvironment)
        } catch {
            throw .internalError("Exporting the pushed commit failed.", cause: "\(error)")
        }
        let imagePath = paths.image(app: app.name.rawValue, dep: depName.rawValue, sha: push.new)
        let cacheDir = paths.cache(app: app.name.rawValue, dep: depName.rawValue)
        do {
            try Files.makeDirectory(Files.parentDirectory(of: imagePath), mode: 0o700)
            try Files.makeDirectory(cacheDir, mode: 0o700)
        } catch {
            throw .internalError("Preparing the build failed.", cause: "\(error)")
        }
        // Config vars reach the buildpack through ENV_DIR; add-on credentials do not (spec §4.2).
        var configVars: [String: String] = [:]
        if let deployment = try store.deployment(app: app.name, name: depName) {
            configVars = try AddonEnvironment.buildVariables(try store.addons(deploymentID: deployment.id))
        }
        let request = BuildRequest(app: app.name, deployment: depName, appType: app.type, buildpackURL: app.buildpackURL,
                                   sourceDir: source, cacheDir: cacheDir, environment: configVars, sha: push.new,
                                   imagePath: imagePath)
        events(key, "Building version \(push.new)", false)
        let result: BuildResult
        do {
            result = try builder.build(request, output: output)
        } catch {
            events(key, "Build of version \(push.new) failed: \(error.message)", true)
            throw error
        }
        do {
            try requireBranchUnmoved(push, app: app, branch: depName.branch)
        } catch {
            try? Files.remove(result.imagePath)
            events(key, "Build of version \(push.new) not kept: \(error.message)", true)
            throw error
        }
        events(key, "Built version \(push.new)", false)
        let procfile = result.procfile.processes.map { "\($0.name): \($0.command)" }.joined(separator: "\n")
        _ = try store.saveImage(NewImage(app: app.name, deployment: depName, sha: push.new, path: result.imagePath,
                                         size: result.compressedSize, procfile: procfile))
        output("-----> Image of \(String(push.new.prefix(12))) is ready. Deploy it with: exoapp \(app.name)\(depName.isDefault ? "" : "/\(depName)") deploy")
    }
}
