import Foundation
import Testing

/// `/git/APP/repository.git/…`: Basic credentials (password or API token), owner only, then git's own CGI.
struct GitRoutesTests {
    static func basic(_ login: String, _ password: String) -> [(String, String)] {
        [("Authorization", "Basic " + Data("\(login):\(password)".utf8).base64EncodedString())]
    }

    static let refs = "/git/shop/repository.git/info/refs?service=git-upload-pack"

    static func withApp() throws -> APIHarness {
        let api = try APIHarness()
        let token = try api.login("bob")
        _ = try api.send("POST", "/app/", form: ["name": "shop", "type": "python"], token: token)
        return api
    }

    @Test func withoutCredentialsGitIsChallengedForBasic() throws {
        let api = try Self.withApp()
        defer { api.stop() }
        let response = try api.send("GET", Self.refs)
        #expect(response.status == 401)
        #expect(response.headers["WWW-Authenticate"]?.hasPrefix("Basic ") == true)
    }

    @Test func aWrongPasswordIsChallengedAgain() throws {
        let api = try Self.withApp()
        defer { api.stop() }
        #expect(try api.send("GET", Self.refs, headers: Self.basic("bob@example.com", "nope")).status == 401)
    }

    @Test func theOwnerGetsGitsAdvertisementWithPasswordOrToken() throws {
        let api = try Self.withApp()
        defer { api.stop() }
        let withPassword = try api.send("GET", Self.refs, headers: Self.basic("bob@example.com", "secret-bob"))
        #expect(withPassword.status == 200)
        #expect(withPassword.text.contains("# service=git-upload-pack"))
        let token = try api.login("bob")
        #expect(try api.send("GET", Self.refs, headers: Self.basic("token", token)).status == 200)
    }

    @Test func anotherUsersRepositoryIs403AndAnUnknownOne404() throws {
        let api = try Self.withApp()
        defer { api.stop() }
        _ = try api.login("alice")
        #expect(try api.send("GET", Self.refs, headers: Self.basic("alice", "secret-alice")).status == 403)
        let unknown = "/git/ghost/repository.git/info/refs?service=git-upload-pack"
        #expect(try api.send("GET", unknown, headers: Self.basic("bob", "secret-bob")).status == 404)
        #expect(try api.send("GET", "/git/shop/other.git/info/refs", headers: Self.basic("bob", "secret-bob")).status == 404)
    }

    /// SQLite hands a deleted user's id to the next user; the remembered git login must not follow it.
    @Test
    func aDeletedUsersGitCredentialsDoNotOpenTheNextUsersRepository() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let bobToken = try api.login("bob")
        let bobRefs = "/git/bobsapp/repository.git/info/refs?service=git-upload-pack"
        _ = try api.send("POST", "/app/", form: ["name": "bobsapp", "type": "python"], token: bobToken)
        #expect(try api.send("GET", bobRefs, headers: Self.basic("bob", "secret-bob")).status == 200)
        #expect(try api.send("DELETE", "/app/bobsapp/", token: bobToken).status == 204)
        #expect(try api.send("DELETE", "/user/bob/", token: bobToken).status == 204)

        let aliceToken = try api.login("alice")
        #expect(try api.send("POST", "/app/", form: ["name": "secret", "type": "python"], token: aliceToken).status == 201)
        let response = try api.send("GET", "/git/secret/repository.git/info/refs?service=git-upload-pack",
                                    headers: Self.basic("bob", "secret-bob"))
        #expect(response.status == 401)
    }
}
