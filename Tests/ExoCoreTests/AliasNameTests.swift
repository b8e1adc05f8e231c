import Testing
@testable import ExoCore

struct AliasNameTests {
    @Test(arguments: [
        ("www.example.com", "www.example.com"),
        ("WWW.Example.COM", "www.example.com"),
        ("www.example.com.", "www.example.com"),
        ("*.example.com", "*.example.com"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("a-b.c1.io", "a-b.c1.io"),
    ])
    func acceptsHostnamesAndWildcardsStoredAsTheRouterComparesThem(_ text: String, _ stored: String) throws {
        #expect(try AliasName(text).rawValue == stored)
    }

    @Test(arguments: [
        "", "localhost", "example..com", ".example.com", "www.example.com..", "-www.example.com", "www-.example.com",
        "www.exa_mple.com", "www.exämple.com", "www example.com", "*.com.", "*", "*.", "a.*.example.com", "**.example.com",
        "www.example.com:80", "http://www.example.com", String(repeating: "a", count: 64) + ".example.com",
        Array(repeating: "abcdefghi", count: 26).joined(separator: "."),
    ])
    func rejectsWhatIsNotAHostnameNamingTheField(_ text: String) {
        let error = #expect(throws: ExoError.self) { try AliasName(text) }
        #expect(error?.field == "name", "\(text)")
        #expect(error?.code == .invalidInput, "\(text)")
    }

    @Test(arguments: ["10.0.0.1", "127.0.0.1", "*.0.1"])
    func rejectsIPAddresses(_ text: String) {
        #expect(throws: ExoError.invalid("name", "An alias must be a hostname, not an IP address.")) { try AliasName(text) }
    }

    @Test func aLabelOfSixtyThreeAndANameOfTwoHundredFiftyThreeAreTheLimits() throws {
        let label = String(repeating: "a", count: 63)
        #expect(try AliasName(label + ".example").rawValue.count == 71)
        let longest = [label, label, label, String(repeating: "b", count: 61)].joined(separator: ".")
        #expect(longest.utf8.count == 253)
        #expect(try AliasName(longest).rawValue == longest)
        #expect(throws: ExoError.self) { try AliasName(longest + "b") }
    }

    @Test(arguments: [
        ("apps.exo.example", true), ("x.apps.exo.example", true), ("a.b.apps.exo.example", true),
        ("*.apps.exo.example", true), ("*.x.apps.exo.example", true), ("*.exo.example", true),
        ("exo.example", false), ("myapps.exo.example", false), ("apps.exo.example.com", false), ("*.example.com", false),
    ])
    func reachesIntoThePlatformDomainWhenEqualBelowOrAWildcardAboveIt(_ alias: String, _ reaches: Bool) throws {
        #expect(try AliasName(alias).reaches(into: "apps.exo.example") == reaches, "\(alias)")
    }

    @Test(arguments: [
        ("*.hello.example", "x.hello.example", true), ("*.hello.example", "a.b.hello.example", true),
        ("*.hello.example", "*.x.hello.example", true), ("*.hello.example", "*.hello.example", true),
        ("www.hello.example", "www.hello.example", true),
        ("*.hello.example", "hello.example", false), ("*.hello.example", "xhello.example", false),
        ("*.hello.example", "*.other.example", false), ("www.hello.example", "api.hello.example", false),
        ("*.a.hello.example", "b.hello.example", false),
    ])
    func overlapWhenSomeHostnameWouldBeAnsweredByBoth(_ first: String, _ second: String, _ overlap: Bool) throws {
        let (a, b) = (try AliasName(first), try AliasName(second))
        #expect(a.overlaps(b) == overlap, "\(first) / \(second)")
        #expect(b.overlaps(a) == overlap, "\(second) / \(first)")
    }

    @Test func theWildcardsAboveANameAreThoseOfEachParentDomain() throws {
        #expect(try AliasName("www.shop.example.com").wildcardsAbove == ["*.shop.example.com", "*.example.com", "*.com"])
        #expect(try AliasName("*.shop.example.com").wildcardsAbove == ["*.example.com", "*.com"])
        #expect(try AliasName("example.com").wildcardsAbove == ["*.com"])
    }
}
