import ExoCore
import Foundation

/// A freshly issued API token: the secret is returned once and only its SHA-256 is stored.
public struct IssuedToken: Sendable, Equatable {
    public var token: String
    public var userID: Int64
    public var expires: Date
}

/// API tokens (`Authorization: cc_auth_token="…"`). A token is valid for the store's lifetime
/// after its last successful use: each authentication pushes the expiry forward, as cctrl expects.
public protocol TokenStore: Sendable {
    @discardableResult
    func createToken(userID: Int64) throws(ExoError) -> IssuedToken
    /// The token's user, extending the token's expiry; nil when unknown or expired.
    func authenticate(token: String) throws(ExoError) -> UserRecord?
    /// Revokes one token; unknown tokens are ignored (logout is idempotent).
    func deleteToken(_ token: String) throws(ExoError)
    /// Removes expired tokens; returns how many.
    @discardableResult
    func deleteExpiredTokens() throws(ExoError) -> Int
}
