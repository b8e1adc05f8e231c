@testable import ExoAPI
import ExoCore
import Foundation
import Testing

struct APIRequestTests {
    static func decode(_ body: String, _ contentType: String?) throws(ExoError) -> [String: String] {
        try APIRequest.decodeFields(body: Array(body.utf8), contentType: contentType)
    }

    @Test func anEmptyBodyHasNoFields() throws {
        #expect(try Self.decode("", "application/json").isEmpty)
        #expect(try Self.decode("", nil).isEmpty)
    }

    @Test(arguments: ["application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", nil] as [String?])
    func formBodiesAreDecoded(_ contentType: String?) throws {
        let fields = try Self.decode("name=shop&type=python&buildpack_url=https%3A%2F%2Fx.example%2Fbp.git&note=a+b", contentType)
        #expect(fields == ["name": "shop", "type": "python", "buildpack_url": "https://x.example/bp.git", "note": "a b"])
    }

    @Test(arguments: ["application/json", "application/json; charset=utf-8", "Application/JSON"])
    func jsonObjectsAreDecoded(_ contentType: String) throws {
        let fields = try Self.decode(#"{"name": "shop", "type": "python"}"#, contentType)
        #expect(fields == ["name": "shop", "type": "python"])
    }

    @Test func jsonNumbersBecomeStrings() throws {
        let fields = try Self.decode(#"{"min_boxes": 3, "max_boxes": 2.5, "version": "-1"}"#, "application/json")
        #expect(fields == ["min_boxes": "3", "max_boxes": "2.5", "version": "-1"])
    }

    @Test func nestedJSONValuesBecomeJSONStringsAsPycclibSendsThem() throws {
        let fields = try Self.decode(#"{"settings": {"b": 1, "a": "x"}, "list": [1, "two"]}"#, "application/json")
        let settings = try #require(fields["settings"])
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(settings.utf8)) as? [String: Any])
        #expect(decoded["a"] as? String == "x")
        #expect(decoded["b"] as? Int == 1)
        #expect(settings == #"{"a":"x","b":1}"#)
        #expect(fields["list"] == #"[1,"two"]"#)
    }

    @Test func jsonNullsAreLeftOut() throws {
        #expect(try Self.decode(#"{"buildpack_url": null, "name": "shop"}"#, "application/json") == ["name": "shop"])
    }

    @Test(arguments: [#"{"name": "#, "not json", "[1, 2]", #""text""#, "42"])
    func aBodyThatIsNotAJSONObjectIsA400NamingTheBody(_ body: String) {
        let error = #expect(throws: ExoError.self) { try Self.decode(body, "application/json") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "body")
    }

    @Test func requiredReturnsAPresentField() throws {
        #expect(try APIRequest(method: "POST", path: "/", fields: ["name": "shop"]).required("name") == "shop")
    }

    @Test(arguments: [[:], ["name": ""]] as [[String: String]])
    func aMissingOrEmptyRequiredFieldIsA400NamingIt(_ fields: [String: String]) {
        let request = APIRequest(method: "POST", path: "/app/", fields: fields)
        let error = #expect(throws: ExoError.self) { try request.required("name") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "name")
        #expect(error?.message == "This field is required.")
    }

    @Test func optionalIntIsNilWhenAbsentOrEmpty() throws {
        #expect(try APIRequest(method: "PUT", path: "/").optionalInt("min_boxes") == nil)
        #expect(try APIRequest(method: "PUT", path: "/", fields: ["min_boxes": ""]).optionalInt("min_boxes") == nil)
    }

    @Test func optionalIntParsesWholeNumbersWithSurroundingSpaces() throws {
        #expect(try APIRequest(method: "PUT", path: "/", fields: ["min_boxes": "3"]).optionalInt("min_boxes") == 3)
        #expect(try APIRequest(method: "PUT", path: "/", fields: ["min_boxes": " 4 "]).optionalInt("min_boxes") == 4)
        #expect(try APIRequest(method: "PUT", path: "/", fields: ["min_boxes": "-2"]).optionalInt("min_boxes") == -2)
    }

    @Test(arguments: ["three", "2.5", "1e3", "0x10"])
    func aMalformedIntegerIsA400NamingTheField(_ text: String) {
        let request = APIRequest(method: "PUT", path: "/", fields: ["max_boxes": text])
        let error = #expect(throws: ExoError.self) { try request.optionalInt("max_boxes") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "max_boxes")
    }

    @Test func aMissingPathParameterIsEmpty() {
        let request = APIRequest(method: "GET", path: "/app/shop/", pathParameters: ["app": "shop"])
        #expect(request.parameter("app") == "shop")
        #expect(request.parameter("dep") == "")
    }
}
