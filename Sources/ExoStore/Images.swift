import ExoCore
import Foundation

/// A built image of one commit for one deployment (branch). Images are keyed by deployment
/// name rather than by deployment row, because a push may build before the deployment exists.
public struct ImageRecord: Sendable, Equatable, Hashable {
    public var id: Int64
    public var appID: Int64
    public var app: AppName
    public var deployment: DeploymentName
    public var sha: String
    /// The image tarball (`Paths.image(app:dep:sha:)`).
    public var path: String
    /// Compressed size in bytes.
    public var size: Int
    /// The Procfile text found in the build, kept so deploys need not reopen the tarball.
    public var procfile: String
    public var dateCreated: Date
}

public struct NewImage: Sendable, Equatable {
    public var app: AppName
    public var deployment: DeploymentName
    public var sha: String
    public var path: String
    public var size: Int
    public var procfile: String

    public init(app: AppName, deployment: DeploymentName, sha: String, path: String, size: Int, procfile: String) {
        self.app = app
        self.deployment = deployment
        self.sha = sha
        self.path = path
        self.size = size
        self.procfile = procfile
    }
}

public protocol ImageStore: Sendable {
    /// Records an image; rebuilding the same commit replaces the earlier record (and makes it
    /// the latest). `.notFound` when the app does not exist.
    @discardableResult
    func saveImage(_ image: NewImage) throws(ExoError) -> ImageRecord
    func image(app: AppName, deployment: DeploymentName, sha: String) throws(ExoError) -> ImageRecord?
    /// The most recently built image, what version "-1" deploys.
    func latestImage(app: AppName, deployment: DeploymentName) throws(ExoError) -> ImageRecord?
    /// Newest first.
    func images(app: AppName, deployment: DeploymentName) throws(ExoError) -> [ImageRecord]
    /// Deletes the records and returns them, so the caller can remove the files.
    @discardableResult
    func deleteImages(app: AppName, deployment: DeploymentName) throws(ExoError) -> [ImageRecord]
    func deleteImage(id: Int64) throws(ExoError)
}
