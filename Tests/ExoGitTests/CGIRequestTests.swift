import ExoHTTP
import Testing
@testable import ExoGit

struct CGIRequestTests {
    private func request(_ method: String = "POST", target: String = "/git/app.git/git-receive-pack",
                         headers: HTTPHeaders, user: String = "ann") -> CGIRequest {
        CGIRequest(method: method, target: target, headers: headers, pathInfo: "/app.git/git-receive-pack",
                   remoteUser: user, remoteAddress: "127.0.0.1")
    }

    @Test func chunkedRequestsHaveNoContentLength() {
        let env = request(headers: ["Transfer-Encoding": "chunked", "Content-Type": "application/x-git-receive-pack-request"])
            .environment(projectRoot: "/r", base: ["PATH": "/bin"])
        #expect(env["CONTENT_LENGTH"] == nil)
        #expect(env["CONTENT_TYPE"] == "application/x-git-receive-pack-request")
        #expect(env["GIT_PROJECT_ROOT"] == "/r")
        #expect(env["GIT_HTTP_EXPORT_ALL"] == "1")
        #expect(env["REMOTE_USER"] == "ann")
        #expect(env["PATH"] == "/bin")
    }

    @Test func knownLengthGitProtocolAndEncodingArePassedOn() {
        let env = request(headers: ["Content-Length": "42", "Git-Protocol": "version=2", "Content-Encoding": "gzip"])
            .environment(projectRoot: "/r", base: [:])
        #expect(env["CONTENT_LENGTH"] == "42")
        #expect(env["GIT_PROTOCOL"] == "version=2")
        #expect(env["HTTP_CONTENT_ENCODING"] == "gzip")
    }

    @Test func queryStringComesFromTheRawTarget() {
        let get = request("GET", target: "/git/app.git/info/refs?service=git-upload-pack", headers: [:], user: "")
        let env = get.environment(projectRoot: "/r", base: [:])
        #expect(env["QUERY_STRING"] == "service=git-upload-pack")
        #expect(env["REQUEST_METHOD"] == "GET")
        #expect(env["REMOTE_USER"] == nil)
        #expect(!get.hasBody)
    }

    @Test func cgiVariablesWinOverTheBaseEnvironment() {
        let env = request(headers: [:]).environment(projectRoot: "/r", base: ["GIT_PROJECT_ROOT": "/evil", "EXO_APP": "hello"])
        #expect(env["GIT_PROJECT_ROOT"] == "/r")
        #expect(env["EXO_APP"] == "hello")
    }

    @Test func unsafePathInfoIsRefused() {
        #expect(CGIRequest.isSafePathInfo("/app.git/info/refs"))
        #expect(!CGIRequest.isSafePathInfo("app.git/info/refs"))
        #expect(!CGIRequest.isSafePathInfo("/../etc/passwd"))
        #expect(!CGIRequest.isSafePathInfo("/app.git/\n"))
    }
}
