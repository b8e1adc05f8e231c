@testable import ExoAPI
import Foundation
import Testing

struct CredentialsTests {
    static func basic(_ pair: String) -> String { "Basic " + Data(pair.utf8).base64EncodedString() }

    @Test func basicCredentialsAreSplitAtTheFirstColon() throws {
        let parsed = try #require(BasicCredentials.parse(Self.basic("bob@example.com:pa:ss")))
        #expect(parsed.0 == "bob@example.com")
        #expect(parsed.1 == "pa:ss")
    }

    @Test func theBasicSchemeIsCaseInsensitive() throws {
        let header = "bASIC " + Data("bob:secret".utf8).base64EncodedString()
        let parsed = try #require(BasicCredentials.parse(header))
        #expect(parsed.0 == "bob" && parsed.1 == "secret")
    }

    @Test func aPercentQuotedEmailIsUnquoted() throws {
        let parsed = try #require(BasicCredentials.parse(Self.basic("bob%40example.com:secret")))
        #expect(parsed.0 == "bob@example.com")
        #expect(parsed.1 == "secret")
    }

    @Test func anEmptyPasswordIsKept() throws {
        let parsed = try #require(BasicCredentials.parse(Self.basic("bob:")))
        #expect(parsed.0 == "bob" && parsed.1 == "")
    }

    @Test(arguments: [nil, "", "Basic", "Basic ", "Basic !!!not-base64!!!", "Bearer abc",
                      "cc_auth_token=\"abc\"", CredentialsTests.basic("no-colon-here")] as [String?])
    func malformedBasicHeadersGiveNothing(_ header: String?) {
        #expect(BasicCredentials.parse(header) == nil)
    }

    @Test(arguments: [
        ("cc_auth_token=\"tok123\"", "tok123"),
        ("cc_auth_token=tok123", "tok123"),
        ("  cc_auth_token=\"tok123\"  ", "tok123"),
        ("Bearer tok123", "tok123"),
        ("bearer   tok123", "tok123"),
    ])
    func tokenHeadersOfPycclibAndBearerAreRead(_ header: String, _ token: String) {
        #expect(TokenCredentials.parse(header) == token)
    }

    @Test(arguments: [nil, "", "cc_auth_token=", "cc_auth_token=\"\"", "Bearer", "Bearer   ",
                      "Basic Ym9iOnNlY3JldA==", "Token tok123", "tok123"] as [String?])
    func malformedTokenHeadersGiveNothing(_ header: String?) {
        #expect(TokenCredentials.parse(header) == nil)
    }
}
