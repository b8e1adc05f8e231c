@testable import ExoAPI
import ExoController
import ExoCore
import Testing

struct APIRouterTests {
    /// Each handler answers with its own status, so a test can see which one matched.
    static func router() -> APIRouter {
        var router = APIRouter()
        router.add("GET", "/app/") { _, _ in APIResponse(status: 200, body: Array("list".utf8)) }
        router.add("POST", "/app/") { _, _ in APIResponse(status: 201, body: Array("create".utf8)) }
        router.add("GET", "/app/{app}/") { _, _ in APIResponse(status: 202, body: []) }
        router.add("GET", "/app/{app}/deployment/{dep}/") { _, _ in APIResponse(status: 203, body: []) }
        router.add("PUT", "/app/{app}/deployment/{dep}/") { _, _ in APIResponse(status: 204, body: []) }
        return router
    }

    static let noAuth: Authenticate = { _ in throw ExoError.unauthorized("no") }

    func status(_ method: String, _ path: String) throws -> Int? {
        let match = Self.router().match(method: method, path: path)
        guard let handler = match.handler else { return nil }
        return try handler(APIRequest(method: method, path: path), Self.noAuth).status
    }

    @Test func aLiteralPathMatchesOnlyItsMethodsHandler() throws {
        #expect(try status("GET", "/app/") == 200)
        #expect(try status("POST", "/app/") == 201)
    }

    @Test func parametersAreBoundByName() {
        let match = Self.router().match(method: "PUT", path: "/app/shop/deployment/staging/")
        #expect(match.handler != nil)
        #expect(match.parameters == ["app": "shop", "dep": "staging"])
        #expect(match.pathKnown)
    }

    @Test func aPathWithoutTheTrailingSlashMatchesToo() throws {
        #expect(try status("GET", "/app/shop") == 202)
        #expect(Self.router().match(method: "GET", path: "/app/shop").parameters == ["app": "shop"])
    }

    @Test func theSegmentCountMustMatch() {
        let router = Self.router()
        for path in ["/app/shop/deployment/", "/app/shop/deployment/dev/extra/", "/"] {
            let match = router.match(method: "GET", path: path)
            #expect(match.handler == nil, "\(path)")
            #expect(!match.pathKnown, "\(path)")
            #expect(match.parameters.isEmpty, "\(path)")
        }
    }

    @Test func aKnownPathWithAnotherMethodIsKnownButUnhandled() {
        let match = Self.router().match(method: "DELETE", path: "/app/shop/deployment/dev/")
        #expect(match.handler == nil)
        #expect(match.pathKnown)
        #expect(match.parameters.isEmpty)
    }

    @Test func anUnknownPathIsNotKnown() {
        let match = Self.router().match(method: "GET", path: "/nothing/here/")
        #expect(match.handler == nil)
        #expect(!match.pathKnown)
    }

    @Test func literalSegmentsAreCompared() {
        let match = Self.router().match(method: "GET", path: "/app/shop/deployments/dev/")
        #expect(match.handler == nil)
        #expect(!match.pathKnown)
    }

    @Test func theMethodIsMatchedExactly() {
        #expect(Self.router().match(method: "get", path: "/app/").handler == nil)
    }
}
