import ExoBuilder
import ExoCore
import ExoGit
import ExoStore
import ExoSystem

/// Apps: create (with their bare repository), list, look up, delete. A user sees only their own.
public final class AppService: Sendable {
    /// App types with a buildpack; `custom` brings its own by URL.
    public static let supportedTypes = ["python", "custom"]

    private let store: any Store
    private let paths: Paths
    private let git: GitClient
    private let hookProgram: String

    public init(store: any Store, paths: Paths, git: GitClient, hookProgram: String) {
        self.store = store
        self.paths = paths
        self.git = git
        self.hookProgram = hookProgram
    }

    public func create(name: String, type: String, buildpackURL: String?, repositoryType: String,
                       by principal: Principal) throws(ExoError) -> AppRecord {
        let appName = try AppName(name)
        guard Self.supportedTypes.contains(type) else {
            throw .invalid("type", "Unknown app type '\(type)'. Available types: \(Self.supportedTypes.joined(separator: ", ")).")
        }
        if type == "custom" && buildpackURL == nil {
            throw .invalid("buildpack_url", "You need to provide a buildpack URL for \"custom\" application type.")
        }
        if type != "custom" && buildpackURL != nil {
            throw .invalid("buildpack_url", "You can only provide a buildpack URL if the app type is \"custom\".")
        }
        if let buildpackURL { try BuildpackURL.validate(buildpackURL) }
        guard repositoryType == "git" else {
            throw .invalid("repository_type", "Only git repositories are supported.")
        }
        let app = try store.createApp(NewApp(name: appName, type: type, buildpackURL: buildpackURL,
                                             ownerID: principal.userID, repositoryType: repositoryType))
        let repo = paths.repo(app: appName.rawValue)
        do {
            try? Files.remove(repo)
            try git.initBare(repo)
            try git.installHooks(repo: repo, hookProgram: hookProgram)
        } catch {
            try? Files.remove(repo)
            try? store.deleteApp(named: appName)
            throw .internalError("Creating the repository failed.", cause: "\(error)")
        }
        return app
    }

    public func list(by principal: Principal) throws(ExoError) -> [AppRecord] {
        try store.apps(ownedBy: principal.userID)
    }

    /// The app if the caller may see it: 410 when unknown, 403 when someone else's.
    public func app(named name: String, by principal: Principal) throws(ExoError) -> AppRecord {
        guard let appName = try? AppName(name), let app = try store.app(named: appName) else {
            throw .notFound("This application is unknown.")
        }
        guard app.ownerID == principal.userID else { throw .forbidden("Sorry. You are not allowed to perform this action.") }
        return app
    }

    /// Deletes an app without deployments, with its repository and images.
    public func delete(named name: String, by principal: Principal) throws(ExoError) {
        let app = try app(named: name, by: principal)
        guard try store.deployments(app: app.name).isEmpty else {
            throw .invalid("deployments", "You have to undeploy all related deployments, before you can delete the application.")
        }
        try store.deleteApp(named: app.name)
        try? Files.remove(paths.repo(app: app.name.rawValue))
        try? Files.remove(paths.images + "/" + app.name.rawValue)
        try? Files.remove(paths.cache + "/" + app.name.rawValue)
        // Each undeploy forgot its deployment's logs; the app's directory of them goes now.
        try? Files.remove(paths.logs + "/" + app.name.rawValue)
    }

    /// The owner's account, for the wire representation.
    public func owner(of app: AppRecord) throws(ExoError) -> UserRecord? {
        try store.user(id: app.ownerID)
    }

    public func repositoryPath(of app: AppRecord) -> String { paths.repo(app: app.name.rawValue) }
}
