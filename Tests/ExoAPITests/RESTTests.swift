import ExoController
import ExoCore
import ExoStore
import Foundation
import Testing

/// The REST API end to end in one process: real HTTP on 127.0.0.1, real services, real git.
struct RESTTests {
    @Test func theVersionEndpointNeedsNoToken() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let response = try api.send("GET", "/.meta/version/")
        #expect(response.status == 200)
        #expect(object(response.body)?["cctrl"] as? String == "1.16.1")
    }

    @Test func registeringAUserAnswers201WithTheUser() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let response = try api.send("POST", "/user/", form: ["username": "bob", "email": "bob@example.com", "password": "secret1"])
        #expect(response.status == 201)
        #expect(object(response.body)?["username"] as? String == "bob")
        #expect(object(response.body)?["is_active"] as? Bool == true)
    }

    @Test(arguments: [
        (["email": "bob@example.com", "password": "secret1"], "username", "This field is required."),
        (["username": "bob", "email": "bob@example.com"], "password", "This field is required."),
        (["username": "bob", "email": "nope", "password": "secret1"], "email", "Enter a valid email address."),
    ])
    func badRegistrationsAnswer400WithTheFieldAndMessage(_ form: [String: String], _ field: String, _ message: String) throws {
        let api = try APIHarness()
        defer { api.stop() }
        let response = try api.send("POST", "/user/", form: form)
        #expect(response.status == 400)
        #expect(object(response.body) as? [String: String] == [field: message])
    }

    @Test func aDuplicateUserAnswers409() throws {
        let api = try APIHarness()
        defer { api.stop() }
        _ = try api.login("bob")
        let response = try api.send("POST", "/user/", form: ["username": "bob", "email": "x@example.com", "password": "secret1"])
        #expect(response.status == 409)
    }

    @Test func aTokenNeedsValidBasicCredentials() throws {
        let api = try APIHarness()
        defer { api.stop() }
        _ = try api.login("bob")
        #expect(try api.send("POST", "/token/").status == 401)
        let wrong = "Basic " + Data("bob@example.com:wrong".utf8).base64EncodedString()
        #expect(try api.send("POST", "/token/", headers: [("Authorization", wrong)]).status == 401)
        let quoted = "Basic " + Data("bob%40example.com:secret-bob".utf8).base64EncodedString()
        let response = try api.send("POST", "/token/", headers: [("Authorization", quoted)])
        #expect(response.status == 200)
        #expect((object(response.body)?["token"] as? String)?.isEmpty == false)
        #expect(object(response.body)?["expires"] is String)
    }

    @Test func theTokenIdentifiesTheCaller() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        let response = try api.send("GET", "/user/", token: token)
        #expect(response.status == 200)
        let list = try #require((try? JSONSerialization.jsonObject(with: Data(response.body))) as? [[String: Any]])
        #expect(list.map { $0["username"] as? String } == ["bob"])
        let bearer = try api.send("GET", "/user/bob/", headers: [("Authorization", "Bearer \(token)")])
        #expect(bearer.status == 200)
    }

    @Test(arguments: [nil, "cc_auth_token=\"not-a-token\"", "Basic Ym9iOnNlY3JldA=="] as [String?])
    func protectedEndpointsAnswer401WithoutAValidToken(_ authorization: String?) throws {
        let api = try APIHarness()
        defer { api.stop() }
        let headers = authorization.map { [("Authorization", $0)] } ?? []
        #expect(try api.send("GET", "/app/", headers: headers).status == 401)
        #expect(try api.send("GET", "/user/", headers: headers).status == 401)
    }

    @Test func anUnknownPathAnswers404AndAWrongMethod405() throws {
        let api = try APIHarness()
        defer { api.stop() }
        #expect(try api.send("GET", "/nothing/").status == 404)
        #expect(try api.send("POST", "/.meta/version/").status == 405)
    }

    @Test func apiPartsNotServedYetAnswer501SoTheClientSaysNotAvailable() throws {
        let api = try APIHarness()
        defer { api.stop() }
        #expect(try api.send("PATCH", "/app/").status == 501)
        #expect(try api.send("GET", "/addon/").status == 501)
        let body = String(decoding: try api.send("POST", "/app/shop/user/").body, as: UTF8.self)
        #expect(body.contains("Sorry, this command is not available."))
    }

    @Test func creatingAnAppAnswers201WithItsRepositoryURL() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        let response = try api.send("POST", "/app/", form: ["name": "shop", "type": "python", "repository_type": "git"], token: token)
        #expect(response.status == 201)
        let app = try #require(object(response.body))
        #expect(app["name"] as? String == "shop")
        #expect(app["repository"] as? String == "\(APIHarness.publicURL)/git/shop/repository.git")
        #expect(FileManager.default.fileExists(atPath: api.paths.repo(app: "shop") + "/HEAD"))
    }

    @Test func aJSONBodyWorksLikeAForm() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        let created = try api.sendJSON("POST", "/app/", json: #"{"name": "shop", "type": "python"}"#, token: token)
        #expect(created.status == 201)
        let malformed = try api.sendJSON("POST", "/app/", json: #"{"name": "#, token: token)
        #expect(malformed.status == 400)
        #expect(object(malformed.body)?["body"] is String)
    }

    @Test func unknownAppsAnswer410AndOtherUsersApps403() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let bob = try api.login("bob")
        let alice = try api.login("alice")
        _ = try api.send("POST", "/app/", form: ["name": "shop", "type": "python"], token: bob)
        let unknown = try api.send("GET", "/app/ghost/", token: bob)
        #expect(unknown.status == 410)
        #expect(object(unknown.body) as? [String: String] == ["error": "This application is unknown."])
        let foreign = try api.send("GET", "/app/shop/", token: alice)
        #expect(foreign.status == 403)
        #expect(object(foreign.body) as? [String: String] == ["error": "Sorry. You are not allowed to perform this action."])
        #expect(try api.send("GET", "/app/shop/deployment/default/", token: bob).status == 410)
    }

    @Test func aNewDeploymentIsPresentedAsCctrlExpects() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        _ = try api.send("POST", "/app/", form: ["name": "shop", "type": "python"], token: token)
        let response = try api.send("POST", "/app/shop/deployment/", token: token)
        #expect(response.status == 201)
        let deployment = try #require(object(response.body))
        #expect(deployment["name"] as? String == "shop/default")
        #expect(deployment["default_subdomain"] as? String == "shop.app.localhost:8080")
        #expect(deployment["state"] as? String == "not deployed")
        #expect(deployment["version"] as? String == "-1")
        #expect(deployment["is_default"] as? Bool == true)
        #expect(try api.send("POST", "/app/shop/deployment/", token: token).status == 409)
    }

    @Test func refusedDeploysAnswer400NamingTheField() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        _ = try api.send("POST", "/app/", form: ["name": "shop", "type": "python"], token: token)
        _ = try api.send("POST", "/app/shop/deployment/", token: token)
        let path = "/app/shop/deployment/default/"

        let noImage = try api.send("PUT", path, form: ["version": "-1"], token: token)
        #expect(noImage.status == 400)
        #expect(object(noImage.body)?["version"] is String)

        let notANumber = try api.send("PUT", path, form: ["version": "-1", "min_boxes": "many"], token: token)
        #expect(notANumber.status == 400)
        #expect(object(notANumber.body) as? [String: String] == ["min_boxes": "Enter a whole number."])

        let sha = String(repeating: "ab", count: 20)
        try api.store.saveImage(NewImage(app: AppName("shop"), deployment: .default, sha: sha,
                                         path: api.paths.image(app: "shop", dep: "default", sha: sha), size: 1, procfile: "web: x\n"))
        let tooMuchMemory = try api.send("PUT", path, form: ["version": sha, "max_boxes": "9"], token: token)
        #expect(tooMuchMemory.status == 400)
        #expect(object(tooMuchMemory.body) as? [String: String]
            == ["max_boxes_over_max_process_limit": MemorySize.invalidMemoryMessage])
        let tooMany = try api.send("PUT", path, form: ["version": sha, "min_boxes": "9"], token: token)
        #expect(tooMany.status == 400)
        #expect(object(tooMany.body)?["min_boxes"] is String)

        let stored = try api.store.deployment(app: AppName("shop"), name: .default)
        #expect(stored?.state == .notDeployed)
        #expect(stored?.minBoxes == 1 && stored?.maxBoxes == 1)
    }

    @Test func deletingAnAppWithDeploymentsAnswers400AndAUserWithApps403() throws {
        let api = try APIHarness()
        defer { api.stop() }
        let token = try api.login("bob")
        _ = try api.send("POST", "/app/", form: ["name": "shop", "type": "python"], token: token)
        _ = try api.send("POST", "/app/shop/deployment/", token: token)
        let app = try api.send("DELETE", "/app/shop/", token: token)
        #expect(app.status == 400)
        #expect(object(app.body)?["deployments"] is String)
        let user = try api.send("DELETE", "/user/bob/", token: token)
        #expect(user.status == 403)

        #expect(try api.send("DELETE", "/app/shop/deployment/default/", token: token).status == 204)
        #expect(try api.send("DELETE", "/app/shop/", token: token).status == 204)
        #expect(try api.send("DELETE", "/user/bob/", token: token).status == 204)
        #expect(try api.send("GET", "/user/", token: token).status == 401)
    }

    @Test func activationNeedsNoTokenAndChecksTheCode() throws {
        let api = try APIHarness(openRegistration: false)
        defer { api.stop() }
        let created = try api.send("POST", "/user/", form: ["username": "bob", "email": "bob@example.com", "password": "secret1"])
        #expect(created.status == 201)
        #expect(object(created.body)?["is_active"] as? Bool == false)
        let wrong = try api.send("PUT", "/user/bob/", form: ["activation_code": "wrong"])
        #expect(wrong.status == 400)
        #expect(object(wrong.body)?["activation_code"] is String)
        #expect(try api.send("PUT", "/user/ghost/", form: ["activation_code": "x"]).status == 410)
        let code = try #require(try api.store.user(named: UserName("bob"))?.activationCode)
        #expect(try api.send("PUT", "/user/bob/", form: ["activation_code": code]).status == 204)
        #expect(try api.store.user(named: UserName("bob"))?.isActive == true)
    }
}
