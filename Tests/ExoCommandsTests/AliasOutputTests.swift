import Foundation
import Testing
@testable import ExoCommands

/// The expected texts are what cctrl 1.16.1's `print_alias_list` and `print_alias_details` print
/// for the same objects (run under Python 3 from Tests/Compat's converted copy).
struct AliasOutputTests {
    /// The objects as the CLI gets them: decoded from the API's JSON.
    func decoded(_ json: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(json.utf8)) }

    @Test func listShowsTheFlagsAsPythonFormatsBoolsWithAWidth() throws {
        let list = try decoded("""
            [{"name": "hello.app.localhost", "is_default": true, "is_verified": true},
             {"name": "*.example.com", "is_default": false, "is_verified": true}]
            """) as? [[String: Any]]
        #expect(AliasOutput.list(try #require(list)) == """
            Aliases
             name                                                         default  verified
             hello.app.localhost                                                 1        1
             *.example.com                                                       0        1

            """)
    }

    @Test func detailsShowTheFlagsThroughStr() throws {
        let alias = try decoded("""
            {"name": "www.example.com", "is_default": false, "is_verified": true, "verification_errors": 0,
             "verification_code": "abc123", "date_created": "2026-12-04T11:41:15", "date_modified": "2026-12-04T11:41:16"}
            """) as? [String: Any]
        #expect(AliasOutput.details(try #require(alias)) == """
            Alias                       : www.example.com
               is_default               : False
               is_verified              : True
               verification_errors      : 0
               verification_code        : abc123
               date_created             : 2026-12-04T11:41:15
               date_modified            : 2026-12-04T11:41:16

            """)
    }
}
