import ExoCore
import ExoGit
import ExoStore
import ExoSystem
import Foundation

/// Deployments of an app: create, look up, deploy (desired state → reconciler), undeploy.
public final class DeploymentService: Sendable {
    public static let stacks = [DeploymentRecord.defaultStack]
    public static let containerRange = 1...8

    private let store: any Store
    private let apps: AppService
    private let reconciler: Reconciler
    private let paths: Paths
    private let naming: DeploymentNaming
    private let git: GitClient
    private let deploys = KeyedSerializer()
    private let forgetLogs: @Sendable (String) -> Void
    private let retention: ImageRetention
    private let recentlyDeployed: @Sendable (String) -> [String]
    private let deployFailed: @Sendable (String, String) -> Void

    /// `recentlyDeployed(key)`: the versions the deployment's deploy log names, newest first
    /// (kept by the image retention for rollbacks). `deployFailed(key, message)`: a deploy or
    /// settings change whose containers did not come up, for the deploy log at level ERROR.
    public init(store: any Store, apps: AppService, reconciler: Reconciler, paths: Paths, naming: DeploymentNaming,
                git: GitClient = GitClient(), forgetLogs: @escaping @Sendable (String) -> Void = { _ in },
                retention: ImageRetention = ImageRetention(),
                recentlyDeployed: @escaping @Sendable (String) -> [String] = { _ in [] },
                deployFailed: @escaping @Sendable (String, String) -> Void = { _, _ in }) {
        self.deployFailed = deployFailed
        self.git = git
        self.forgetLogs = forgetLogs
        self.retention = retention
        self.recentlyDeployed = recentlyDeployed
        self.store = store
        self.apps = apps
        self.reconciler = reconciler
        self.paths = paths
        self.naming = naming
    }

    public func create(app appName: String, name: String, stack: String?, by principal: Principal) throws(ExoError) -> DeploymentRecord {
        let app = try apps.app(named: appName, by: principal)
        let depName = try DeploymentName(name)
        let stackName = stack.flatMap { $0.isEmpty ? nil : $0 } ?? DeploymentRecord.defaultStack
        guard Self.stacks.contains(stackName) else {
            throw .invalid("stack", "Unknown stack '\(stackName)'. Available stacks: \(Self.stacks.joined(separator: ", ")).")
        }
        do {
            return try store.createDeployment(app: app.name, name: depName, stack: stackName)
        } catch where error.code == .conflict {
            throw .conflict("This deployment already exists.")
        }
    }

    public func list(app appName: String, by principal: Principal) throws(ExoError) -> [DeploymentRecord] {
        try store.deployments(app: try apps.app(named: appName, by: principal).name)
    }

    public func deployment(app appName: String, name: String, by principal: Principal) throws(ExoError) -> DeploymentRecord {
        let app = try apps.app(named: appName, by: principal)
        guard let depName = try? DeploymentName(name), let deployment = try store.deployment(app: app.name, name: depName) else {
            throw .notFound("This deployment is unknown.")
        }
        return deployment
    }

    /// Records the desired version and scale, then converges; returns once the new containers
    /// serve, or throws with the reason while the previous version keeps serving.
    public func deploy(app appName: String, name: String, order: DeployOrder, by principal: Principal) throws(ExoError) -> DeploymentRecord {
        // One deploy per deployment at a time (a second waits and then sees the first's result);
        // deploys of other deployments are not held up.
        try deploys.run("\(appName)/\(name)") { () throws(ExoError) in
            try deployNow(app: appName, name: name, order: order, by: principal)
        }
    }

    private func deployNow(app appName: String, name: String, order: DeployOrder, by principal: Principal) throws(ExoError) -> DeploymentRecord {
        let current = try deployment(app: appName, name: name, by: principal)
        var next = current
        if let containers = order.containers {
            guard Self.containerRange.contains(containers) else {
                throw .invalid("min_boxes", "The number of containers must be between \(Self.containerRange.lowerBound) and \(Self.containerRange.upperBound).")
            }
            next.minBoxes = containers
        }
        if let boxes = order.memoryBoxes {
            guard MemorySize.boxRange.contains(boxes) else {
                throw .invalid("max_boxes_over_max_process_limit", MemorySize.invalidMemoryMessage)
            }
            next.maxBoxes = boxes
        }
        if let stack = order.stack {
            guard Self.stacks.contains(stack) else { throw .invalid("stack", "Unknown stack '\(stack)'.") }
            next.stack = stack
        }
        // The sizes are checked first: a bad one is named even when the version is wrong too.
        let image = try image(for: order.version, of: current)
        next.version = image.sha

        next.deployedVersion = image.sha
        next.state = .deployed
        var updated = next
        let target = try desired(next, image: image)
        do throws(ExoError) {
            // Stored when the new containers are ready, just before the route switch (see converge).
            try reconciler.converge(target) { () throws(ExoError) in
                updated = try store.updateDeployment(next)
            }
        } catch {
            deployFailed(current.qualifiedName, Self.failure("Deploying version \(image.sha)", error))
            throw error
        }
        pruneImages(of: updated)
        return updated
    }

    /// The deploy log's line for a failed deploy: what was tried and why it failed, with the app's
    /// last output as the API error has it. Never "Deployed version" (rollback takes its versions
    /// from lines with those words).
    static func failure(_ attempt: String, _ error: ExoError) -> String {
        "\(attempt) failed: \(error.message)".replacingOccurrences(of: "Deployed version", with: "Deployed-version")
    }

    /// Deletes the images `retention` lets go (records and tarballs), after a successful deploy
    /// and under the deploy lock, so no deploy of this deployment is reading one meanwhile.
    /// Best effort: a failure leaves an image behind, never fails the deploy.
    public func pruneImages(of deployment: DeploymentRecord) {
        guard let images = try? store.images(app: deployment.app, deployment: deployment.name) else { return }
        let inUse = Set([deployment.version] + [deployment.deployedVersion].compactMap { $0 })
        let expired = retention.expired(images.map { ImageRetention.Image(sha: $0.sha, built: $0.dateCreated) },
                                        recentlyDeployed: recentlyDeployed(deployment.qualifiedName), inUse: inUse)
        for image in images where expired.contains(image.sha) {
            do {
                try store.deleteImage(id: image.id)
                try? Files.remove(image.path)
            } catch {
                continue
            }
        }
    }

    /// Applies a change of what the containers see (add-ons, config vars) under the deployment's
    /// deploy lock; a running deployment is then replaced without downtime (new containers first).
    /// `change` returns how to undo itself, used when the new containers fail to come up: the old
    /// ones keep serving and the stored state matches them again.
    public func reconfigure(app appName: String, name: String, by principal: Principal,
                            _ change: (DeploymentRecord) throws(ExoError) -> @Sendable () -> Void) throws(ExoError) {
        try deploys.run("\(appName)/\(name)") { () throws(ExoError) in
            let current = try deployment(app: appName, name: name, by: principal)
            let undo = try change(current)
            guard current.state != .notDeployed else { return }
            do throws(ExoError) {
                guard let image = try store.image(app: current.app, deployment: current.name, sha: current.version) else {
                    throw ExoError.unavailable("The image of the running version \(current.version) is missing.")
                }
                try reconciler.converge(try desired(current, image: image))
            } catch {
                deployFailed(current.qualifiedName, Self.failure("Applying the changed settings to version \(current.version)", error))
                undo()
                // Not 503: for config changes that status means "confirm the overwrite" to the client.
                if error.code == .unavailable {
                    throw .invalid("settings", "The change was not applied: the app did not start with it. \(error.message)")
                }
                throw error
            }
            // Like a deploy, a change to an idle deployment starts it (and ends idling).
            if current.state == .idle {
                var next = current
                next.state = .deployed
                _ = try store.updateDeployment(next)
            }
        }
    }

    /// The names the router maps to the deployment: its own `APP.DOMAIN` name, then its aliases.
    func hosts(of deployment: DeploymentRecord) throws(ExoError) -> [String] {
        [naming.host(app: deployment.app, deployment: deployment.name)]
            + (try store.aliases(deploymentID: deployment.id)).map(\.name.rawValue)
    }

    /// Applies a change of the deployment's hostnames (aliases) under its deploy lock, so a deploy
    /// running meanwhile publishes them too; the route changes, the containers stay.
    public func changeHosts(app appName: String, name: String, by principal: Principal,
                            _ change: (DeploymentRecord) throws(ExoError) -> Void) throws(ExoError) {
        try deploys.run("\(appName)/\(name)") { () throws(ExoError) in
            let current = try deployment(app: appName, name: name, by: principal)
            try change(current)
            reconciler.rehost(key: current.qualifiedName, hosts: try hosts(of: current))
        }
    }

    /// Stops everything of the deployment and deletes it with its images and build cache.
    public func undeploy(app appName: String, name: String, by principal: Principal) throws(ExoError) {
        let deployment = try deployment(app: appName, name: name, by: principal)
        reconciler.remove(key: deployment.qualifiedName)
        try store.deleteDeployment(app: deployment.app, name: deployment.name)
        // Pushing the same commit again must build again for a new deployment of this name.
        try? git.deleteBranch(repo: paths.repo(app: deployment.app.rawValue), branch: deployment.name.branch)
        forgetLogs(deployment.qualifiedName)
        try store.deleteImages(app: deployment.app, deployment: deployment.name)
        try? Files.remove(paths.images + "/\(deployment.app)/\(deployment.name)")
        try? Files.remove(paths.cache(app: deployment.app.rawValue, dep: deployment.name.rawValue))
    }

    /// Brings every deployed deployment back after exod starts.
    public func restoreAll(report: @Sendable (String) -> Void) {
        for deployment in (try? store.allDeployments()) ?? [] where deployment.state != .notDeployed {
            do {
                guard let image = try store.image(app: deployment.app, deployment: deployment.name, sha: deployment.version) else {
                    report("\(deployment.qualifiedName): image \(deployment.version) is missing; not started")
                    continue
                }
                if deployment.state == .idle {
                    // Stays idle (no container) until a request wakes it.
                    reconciler.restoreIdle(try desired(deployment, image: image))
                    continue
                }
                try reconciler.converge(try desired(deployment, image: image))
            } catch {
                report("\(deployment.qualifiedName): restoring failed: \(error.message)")
            }
        }
    }

    public static let malformedVersionMessage = "The version must be -1 (the newest pushed) or a commit SHA, whole or its first 7 or more characters."

    private func image(for version: String, of deployment: DeploymentRecord) throws(ExoError) -> ImageRecord {
        if version == DeploymentRecord.noVersion {
            // The newest version is the branch's head, not the newest image: a push whose build
            // passed can still lose the race for the ref, and its image must not go live.
            // (Without a branch in the repository, e.g. images imported by hand, the newest image counts.)
            let repo = paths.repo(app: deployment.app.rawValue)
            let head = (try? git.revParse(repo: repo, "refs/heads/" + deployment.name.branch)) ?? nil
            let image: ImageRecord?
            if let head {
                image = try store.image(app: deployment.app, deployment: deployment.name, sha: head)
            } else {
                image = try store.latestImage(app: deployment.app, deployment: deployment.name)
            }
            guard let image else {
                throw .invalid("version", "There is no image for \(deployment.qualifiedName) yet. Push the branch '\(deployment.name.branch)' first.")
            }
            return image
        }
        guard (7...40).contains(version.count), version.allSatisfy(\.isHexDigit) else {
            throw .invalid("version", Self.malformedVersionMessage)
        }
        // A prefix, as git abbreviates (the push output shows 12 characters), names one image.
        let prefix = version.lowercased()
        let matching = try store.images(app: deployment.app, deployment: deployment.name).filter { $0.sha.hasPrefix(prefix) }
        guard matching.count <= 1 else {
            throw .invalid("version", "Version \(version) is ambiguous: \(matching.count) versions of \(deployment.qualifiedName) begin with it. Give more of its characters.")
        }
        guard let image = matching.first else {
            throw .invalid("version", "There is no image of version \(version) for \(deployment.qualifiedName).")
        }
        // A push can build its image and still lose the race for the branch; git then drops the
        // pushed objects with its quarantine, so the commit of a push that was never accepted is
        // not in the repository. (Commits once on the branch stay, also after a force push.)
        let repo = paths.repo(app: deployment.app.rawValue)
        guard ((try? git.revParse(repo: repo, image.sha)) ?? nil) != nil else {
            throw .invalid("version", "Version \(image.sha) was built, but its push was not accepted (another push reached the branch first). Push it again to deploy it.")
        }
        return image
    }

    private func desired(_ deployment: DeploymentRecord, image: ImageRecord) throws(ExoError) -> DesiredDeployment {
        let memory = try MemorySize(boxes: deployment.maxBoxes)
        let appType = try store.app(named: deployment.app)?.type ?? ""
        let addons = try AddonEnvironment.compose(try store.addons(deploymentID: deployment.id), appType: appType)
        // The platform's variables win over config vars of the same name (documented in contracts.md).
        let platform: [String: String] = [
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
            "HOME": "/srv",
            "TMPDIR": "/tmp",
            "TMP_DIR": "/tmp",
            "CRED_FILE": "/srv/creds/creds.json",
            "DEP_VERSION": image.sha,
            "DEP_NAME": deployment.qualifiedName,
            "DEP_ID": deployment.depID,
            "DOMAIN": naming.domain,
            "PAAS_VENDOR": "exo",
        ]
        let environment = addons.variables.merging(platform) { _, platform in platform }
        return DesiredDeployment(
            key: deployment.qualifiedName, depID: deployment.depID, version: image.sha, imagePath: image.path,
            containers: deployment.minBoxes, memory: memory, uid: 200_000 + UInt32(truncatingIfNeeded: deployment.appID),
            hosts: try hosts(of: deployment),
            environment: environment, credentials: addons.credentials)
    }
}
