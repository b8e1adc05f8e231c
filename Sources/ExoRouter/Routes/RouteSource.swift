/// Where route tables come from: exod's long-poll endpoint in production, anything in tests.
public protocol RouteSource: Sendable {
    /// Blocks until a table newer than `since` exists or the server's poll window ends
    /// (then returns the same version again).
    func fetch(since version: Int) throws -> RouteTableDocument
}
