import ExoCore
import Foundation

/// A user account. `email` and `username` are unique, compared case-insensitively.
public struct UserRecord: Sendable, Equatable, Hashable {
    public var id: Int64
    public var username: UserName
    public var email: EmailAddress
    /// `PasswordHasher`'s encoded form; never the password.
    public var passwordHash: String
    public var firstName: String
    public var lastName: String
    public var isActive: Bool
    /// The code `exouser activate` must present while the account is inactive.
    public var activationCode: String?
    public var dateCreated: Date
    public var dateModified: Date
}

/// What `createUser` needs; ids and dates are assigned by the store.
public struct NewUser: Sendable, Equatable {
    public var username: UserName
    public var email: EmailAddress
    public var passwordHash: String
    public var firstName: String
    public var lastName: String
    public var isActive: Bool
    public var activationCode: String?

    public init(username: UserName, email: EmailAddress, passwordHash: String, firstName: String = "",
                lastName: String = "", isActive: Bool = false, activationCode: String? = nil) {
        self.username = username
        self.email = email
        self.passwordHash = passwordHash
        self.firstName = firstName
        self.lastName = lastName
        self.isActive = isActive
        self.activationCode = activationCode
    }
}

public protocol UserStore: Sendable {
    @discardableResult
    func createUser(_ user: NewUser) throws(ExoError) -> UserRecord
    func user(id: Int64) throws(ExoError) -> UserRecord?
    func user(named username: UserName) throws(ExoError) -> UserRecord?
    func user(email: EmailAddress) throws(ExoError) -> UserRecord?
    func allUsers() throws(ExoError) -> [UserRecord]
    /// Saves every mutable field of `user` (matched by id) and bumps `dateModified`.
    func updateUser(_ user: UserRecord) throws(ExoError) -> UserRecord
    /// Deletes the user and their tokens; refused with `.conflict` while they own apps.
    func deleteUser(id: Int64) throws(ExoError)
}
