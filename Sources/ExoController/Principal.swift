/// An authenticated caller of the API or of git.
public struct Principal: Sendable, Equatable {
    public var userID: Int64
    public var username: String
    public var email: String

    public init(userID: Int64, username: String, email: String) {
        self.userID = userID
        self.username = username
        self.email = email
    }
}
