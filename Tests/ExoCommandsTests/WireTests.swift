import ExoWire
import Foundation
import Testing

struct WireTests {
    @Test func formEncodingMatchesPythonUrlencode() {
        #expect(FormEncoding.encode([("name", "hello"), ("type", "python")]) == "name=hello&type=python")
        #expect(FormEncoding.encode([("a b", "c&d=e+f/g")]) == "a+b=c%26d%3De%2Bf%2Fg")
        #expect(FormEncoding.encode([("k", "ü~._-")]) == "k=%C3%BC~._-")
        #expect(FormEncoding.encode(["b": "2", "a": "1"]) == "a=1&b=2")
    }

    @Test(arguments: ["", "plain", "spaces and + plus", "a=b&c=d", "%41 not decoded twice", "ünïcødé 😀", "line\nbreak"])
    func formEncodingRoundTrips(_ value: String) {
        let encoded = FormEncoding.encode([("key with space", value), ("second", value)])
        let decoded = FormEncoding.decodePairs(encoded)
        #expect(decoded.map(\.0) == ["key with space", "second"])
        #expect(decoded.map(\.1) == [value, value])
    }

    @Test func formDecodingToleratesOddInput() {
        #expect(FormEncoding.decode("a=1&a=2&b&=x&%zz=%4") == ["a": "1", "b": "", "": "x", "%zz": "%4"])
        #expect(PercentEncoding.decode("%e2%82%ac") == "€")
    }

    @Test func appEncodesNullBuildpackAndDecodesItBack() throws {
        let app = WireApp(name: "hello", type: "python", repository: "r", owner: WireUser(username: "ann", email: "a@b"),
                          deployments: [WireDeploymentRef(name: "hello/default", depID: "dep1")],
                          dateCreated: "2026-12-03T16:00:00", dateModified: "2026-12-03T16:00:00")
        let text = String(decoding: WireJSON.encode(app), as: UTF8.self)
        #expect(text.contains("\"buildpack_url\":null"))
        #expect(text.contains("\"deployments\":[{\"dep_id\":\"dep1\",\"name\":\"hello/default\"}]"))
        #expect(text.contains("\"type\":{\"name\":\"python\"}"))
        #expect(try WireJSON.decode(WireApp.self, from: WireJSON.encode(app)) == app)
    }

    @Test func listFormOfAppDecodesWithDefaults() throws {
        let apps = try WireJSON.decode([WireApp].self, from: Array(#"[{"name": "a", "type": {"name": "php"}}]"#.utf8))
        #expect(apps.first?.type.name == "php")
        #expect(apps.first?.users == [])
    }

    @Test func deploymentVersionIsAStringEvenWhenSentAsNumber() throws {
        let deployment = try WireJSON.decode(WireDeployment.self, from: Array(#"{"name": "a/default", "version": -1}"#.utf8))
        #expect(deployment.version == "-1")
        #expect(deployment.deploymentName == "default")
        let text = String(decoding: WireJSON.encode(deployment), as: UTF8.self)
        #expect(text.contains("\"version\":\"-1\""))
        #expect(text.contains("\"min_boxes\":1"))
    }

    @Test func errorBodiesHaveTheShapesPycclibReads() {
        #expect(String(decoding: WireErrorBody.fieldErrors(["name": "taken"]), as: UTF8.self) == #"{"name":"taken"}"#)
        #expect(WireErrorBody.text(of: WireErrorBody.message("gone")) == "gone")
        #expect(WireErrorBody.text(of: Array(#""a json string""#.utf8)) == "a json string")
        #expect(WireErrorBody.text(of: Array("plain text\n".utf8)) == "plain text")
        #expect(WireErrorBody.fields(of: Array(#"{"b": "2", "a": "1"}"#.utf8)).map(\.field) == ["a", "b"])
    }

    @Test func datesAreSecondsInUTC() {
        #expect(WireDate.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00")
        #expect(WireDate.string(from: Date(timeIntervalSince1970: 1_796_313_600.9)) == "2026-12-03T16:00:00")
    }
}
