import ExoCore
import Foundation

/// An application: a git repository plus its deployments, owned by one user.
public struct AppRecord: Sendable, Equatable, Hashable {
    public var id: Int64
    public var name: AppName
    /// The app type given at creation (python, php, ruby, nodejs, java, custom, …).
    public var type: String
    /// Only for type `custom`: the buildpack's git URL (with optional `#branch`).
    public var buildpackURL: String?
    public var ownerID: Int64
    public var owner: UserName
    /// `git` (cctrl also knew `bzr`).
    public var repositoryType: String
    public var dateCreated: Date
    public var dateModified: Date
}

public struct NewApp: Sendable, Equatable {
    public var name: AppName
    public var type: String
    public var buildpackURL: String?
    public var ownerID: Int64
    public var repositoryType: String

    public init(name: AppName, type: String, buildpackURL: String? = nil, ownerID: Int64, repositoryType: String = "git") {
        self.name = name
        self.type = type
        self.buildpackURL = buildpackURL
        self.ownerID = ownerID
        self.repositoryType = repositoryType
    }
}

public protocol AppStore: Sendable {
    @discardableResult
    func createApp(_ app: NewApp) throws(ExoError) -> AppRecord
    func app(named name: AppName) throws(ExoError) -> AppRecord?
    func apps(ownedBy userID: Int64) throws(ExoError) -> [AppRecord]
    func allApps() throws(ExoError) -> [AppRecord]
    /// Saves type, buildpack URL and repository type (matched by id) and bumps `dateModified`.
    func updateApp(_ app: AppRecord) throws(ExoError) -> AppRecord
    /// Deletes the app and its image records. Refused with `.conflict` while deployments exist:
    /// the service layer must check (and answer 400) first; this is the backstop.
    func deleteApp(named name: AppName) throws(ExoError)
}
