import ExoCore
import ExoCrypto
import ExoStore
import Foundation
import Synchronization

/// Accounts and API tokens: registration, activation, login, token checks.
public final class UserService: Sendable {
    private let store: any Store
    private let openRegistration: Bool
    private let hasher: PasswordHasher
    private let notify: @Sendable (String) -> Void
    /// git sends Basic credentials with every request of a push; PBKDF2 is deliberately slow,
    /// so a verified login is remembered briefly (by a hash of the pair, never the password).
    private let recentLogins = Mutex<[String: (principal: Principal, until: Date)]>([:])
    static let loginCacheSeconds: TimeInterval = 300

    /// `notify` receives messages meant for the operator (e.g. activation codes while no mail is sent).
    public init(store: any Store, openRegistration: Bool, hasher: PasswordHasher = PasswordHasher(),
                notify: @escaping @Sendable (String) -> Void = { _ in }) {
        self.store = store
        self.openRegistration = openRegistration
        self.hasher = hasher
        self.notify = notify
    }

    /// Creates an account; with open registration it is active at once.
    public func register(username: String, email: String, password: String) throws(ExoError) -> UserRecord {
        let name = try UserName(username)
        let address = try EmailAddress(email)
        guard password.count >= 6 else { throw .invalid("password", "The password must have at least 6 characters.") }
        let code = SecureRandom.string(length: 12)
        let user = try store.createUser(NewUser(username: name, email: address, passwordHash: hasher.hash(password),
                                                isActive: openRegistration, activationCode: code))
        if !openRegistration { notify("activation code for user \(name): \(code)") }
        return user
    }

    /// Activates an account with its code (idempotent for an active account with the right code).
    public func activate(username: String, code: String) throws(ExoError) {
        guard let name = try? UserName(username), var user = try store.user(named: name) else {
            throw .notFound("This username is unknown.")
        }
        guard let expected = user.activationCode, ConstantTime.equals(expected, code) else {
            throw .invalid("activation_code", "The activation code is not valid.")
        }
        guard !user.isActive else { return }
        user.isActive = true
        _ = try store.updateUser(user)
    }

    /// Checks a login (email or username) and password and issues a new API token.
    public func issueToken(login: String, password: String) throws(ExoError) -> (value: String, expires: Date) {
        let user = try verify(login: login, password: password)
        let token = try store.createToken(userID: user.id)
        return (token.token, token.expires)
    }

    /// The caller behind an API token.
    public func authenticate(token: String) throws(ExoError) -> Principal {
        guard let user = try store.authenticate(token: token), user.isActive else {
            throw .unauthorized("The authorization failed, check your e-mail address and password.")
        }
        return Self.principal(user)
    }

    /// The caller behind git's Basic credentials: email/username + password, or anything + API token.
    public func authenticate(login: String, password: String) throws(ExoError) -> Principal {
        if let user = try? store.authenticate(token: password), user.isActive { return Self.principal(user) }
        let key = SHA256.hex(login + "\u{0}" + password)
        let now = Date()
        if let cached = recentLogins.withLock({ $0[key] }), cached.until > now {
            // Ids can be reused after a deletion: the remembered login counts only for the same live account.
            if let user = try store.user(id: cached.principal.userID), user.isActive,
               user.username.rawValue == cached.principal.username { return cached.principal }
            recentLogins.withLock { _ = $0.removeValue(forKey: key) }
        }
        let principal = Self.principal(try verify(login: login, password: password))
        recentLogins.withLock { cache in
            cache = cache.filter { $0.value.until > now }
            cache[key] = (principal, now.addingTimeInterval(Self.loginCacheSeconds))
        }
        return principal
    }

    /// A user's own account (nobody else's).
    public func user(named username: String, by principal: Principal) throws(ExoError) -> UserRecord {
        guard let name = try? UserName(username), let user = try store.user(named: name) else {
            throw .notFound("This username is unknown.")
        }
        guard user.id == principal.userID else { throw .forbidden("Sorry. You are not allowed to perform this action.") }
        return user
    }

    /// Deletes the caller's own account; refused while they still own apps.
    public func delete(username: String, by principal: Principal) throws(ExoError) {
        let user = try user(named: username, by: principal)
        guard try store.apps(ownedBy: user.id).isEmpty else {
            throw .forbidden("There are still applications associated with this user account. Undeploy and/or delete applications before deleting user.")
        }
        try store.deleteUser(id: user.id)
        recentLogins.withLock { cache in cache = cache.filter { $0.value.principal.userID != user.id } }
    }

    private func verify(login: String, password: String) throws(ExoError) -> UserRecord {
        let failure = ExoError.unauthorized("The authorization failed, check your e-mail address and password.")
        let user: UserRecord?
        if login.contains("@") {
            user = (try? EmailAddress(login)).flatMap { try? store.user(email: $0) } ?? nil
        } else {
            user = (try? UserName(login)).flatMap { try? store.user(named: $0) } ?? nil
        }
        guard let user, PasswordHasher.verify(password, against: user.passwordHash) else { throw failure }
        guard user.isActive else { throw .unauthorized("This account is not activated yet.") }
        return user
    }

    static func principal(_ user: UserRecord) -> Principal {
        Principal(userID: user.id, username: user.username.rawValue, email: user.email.rawValue)
    }
}
