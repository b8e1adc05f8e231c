import ExoHTTP
import Testing

struct HeadersAndTargetTests {
    @Test func headerLookupIsCaseInsensitiveAndOrdered() {
        var headers = HTTPHeaders()
        headers.add("Set-Cookie", "a=1")
        headers.add("set-cookie", "b=2")
        headers.add("Content-Type", "text/plain")
        #expect(headers["SET-COOKIE"] == "a=1")
        #expect(headers.values("Set-Cookie") == ["a=1", "b=2"])
        headers.set("Set-Cookie", "c=3")
        #expect(headers.values("set-cookie") == ["c=3"])
        #expect(headers.map(\.name) == ["Content-Type", "Set-Cookie"])
        headers.remove("content-type")
        #expect(headers.count == 1)
    }

    @Test func connectionTokensDecideKeepAlive() {
        #expect(!HTTPRequestHead(method: "GET", target: "/", headers: ["Connection": "keep-alive, Close"]).keepAlive)
        #expect(HTTPRequestHead(method: "GET", target: "/").keepAlive)
        #expect(!HTTPRequestHead(method: "GET", target: "/", version: .http10).keepAlive)
        #expect(HTTPRequestHead(method: "GET", target: "/", version: .http10, headers: ["Connection": "keep-alive"]).keepAlive)
    }

    @Test func targetIsSplitAndDecoded() {
        let target = HTTPTarget(parsing: "/apps/a%20b/?name=x+y&empty=&flag&enc=%26%3D")
        #expect(target.path == "/apps/a b/")
        #expect(target.query == ["name": "x y", "empty": "", "flag": "", "enc": "&="])
        #expect(target.rawQuery == "name=x+y&empty=&flag&enc=%26%3D")
    }

    @Test func malformedEscapesAreKept() {
        #expect(HTTPTarget(parsing: "/a%zzb%4").path == "/a%zzb%4")
        #expect(HTTPTarget(parsing: "?x=1").path == "/")
    }

    @Test func percentEncodingKeepsUnreservedOnly() {
        #expect(HTTPTarget.percentEncode("a b/ü~") == "a%20b%2F%C3%BC~")
    }

    @Test func absoluteFormIsReducedToPathAndQuery() {
        let target = HTTPTarget(parsing: "HTTP://example.com:8080/a/b?x=1")
        #expect(target.path == "/a/b")
        #expect(target.query == ["x": "1"])
        #expect(HTTPTarget(parsing: "http://example.com").path == "/")
        #expect(HTTPTarget(parsing: "http://example.com?y=2").query == ["y": "2"])
    }
}
