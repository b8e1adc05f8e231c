import Foundation

/// Which images of a deployment are kept once a deploy succeeded: the `keep` newest (by build
/// time), every version the deploy log names among its recent deploys (what `rollback` and
/// "deploy an earlier SHA" reach for), and the versions the deployment runs or wants. The rest
/// is deleted. `keep` 0 keeps everything (`EXO_IMAGE_RETENTION=0`). However small `keep`, the
/// last two deployed versions stay, so `rollback` always finds its image.
public struct ImageRetention: Sendable, Equatable {
    public var keep: Int

    public static let defaultKeep = 10

    public init(keep: Int = defaultKeep) { self.keep = keep }

    /// What the policy looks at of an image.
    public struct Image: Sendable, Equatable {
        public var sha: String
        public var built: Date

        public init(sha: String, built: Date) {
            self.sha = sha
            self.built = built
        }
    }

    /// The images to delete. `recentlyDeployed` is the deploy log's versions, newest first; only
    /// the last `keep` (at least 2) distinct ones count. `inUse` is never deleted, whatever else holds.
    public func expired(_ images: [Image], recentlyDeployed: [String], inUse: Set<String>) -> Set<String> {
        guard keep > 0 else { return [] }
        let newest = images.sorted { ($0.built, $0.sha) > ($1.built, $1.sha) }
        var protected = inUse.union(newest.prefix(keep).map(\.sha))
        var named: [String] = []
        for version in recentlyDeployed where !named.contains(version) {
            named.append(version)
            if named.count == max(keep, 2) { break }
        }
        protected.formUnion(named)
        return Set(newest.map(\.sha)).subtracting(protected)
    }
}
