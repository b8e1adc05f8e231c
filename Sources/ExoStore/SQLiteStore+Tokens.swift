import ExoCore
import ExoCrypto
import ExoSQLite
import Foundation

extension SQLiteStore {
    @discardableResult
    public func createToken(userID: Int64) throws(ExoError) -> IssuedToken {
        let token = SecureRandom.token()
        let now = self.now
        let expires = now + Int64(tokenLifetime)
        try write { db in
            guard try db.queryOne("SELECT 1 FROM users WHERE id = ?", [userID]) != nil else {
                throw ExoError.notFound("This username is unknown.")
            }
            try db.run("INSERT INTO tokens (token_hash, user_id, date_created, expires) VALUES (?, ?, ?, ?)",
                       [SHA256.hex(token), userID, now, expires])
        }
        return IssuedToken(token: token, userID: userID, expires: Date(timeIntervalSince1970: TimeInterval(expires)))
    }

    public func authenticate(token: String) throws(ExoError) -> UserRecord? {
        // Only the digest is stored and looked up, so a leaked database holds no usable tokens,
        // and the indexed equality lookup leaks nothing useful through timing.
        let hash = SHA256.hex(token)
        let now = self.now
        let expires = now + Int64(tokenLifetime)
        return try write { db -> UserRecord? in
            guard let row = try db.queryOne("SELECT user_id, expires FROM tokens WHERE token_hash = ? AND expires > ?", [hash, now])
            else { return nil }
            // Extending by less than a minute is not worth a write on every API request.
            if try row.id("expires") < expires - 60 {
                try db.run("UPDATE tokens SET expires = ? WHERE token_hash = ?", [expires, hash])
            }
            return try Self.fetchUser(db, "id = ?", try row.id("user_id"))
        }
    }

    public func deleteToken(_ token: String) throws(ExoError) {
        try write { db in _ = try db.run("DELETE FROM tokens WHERE token_hash = ?", [SHA256.hex(token)]) }
    }

    @discardableResult
    public func deleteExpiredTokens() throws(ExoError) -> Int {
        let now = self.now
        return try write { db in try db.run("DELETE FROM tokens WHERE expires <= ?", [now]) }
    }
}
