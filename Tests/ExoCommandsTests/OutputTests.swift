import ExoCommands
import ExoWire
import Testing

struct OutputTests {
    func app(_ name: String, _ type: String) -> WireApp {
        WireApp(name: name, type: type, repository: "", owner: nil, dateCreated: "", dateModified: "")
    }

    @Test func appListIsNumberedWithPythonPadding() {
        let text = AppOutput.appList([app("hello", "python"), app("world", "custom")])
        #expect(text == """
            Apps
             Nr  Name                           Type  
               1 hello                          python
               2 world                          custom

            """)
    }

    @Test func appDetailsMatchCctrlLayout() throws {
        let app = try WireJSON.decode(WireApp.self, from: Array(Fixtures.app.utf8))
        let users = [AppOutput.UserRow(username: "ann", email: "ann@example.com", role: "owner", deployment: "(app)")]
        let text = AppOutput.appDetails(app, users: users, publicKey: "Not available. Have you added your Public Key?")
        #expect(text == """
            App
             Name: hello                          Type: python     Owner: ann                 
             Repository: http://127.0.0.1:8000/git/hello.git

             Public Key: Not available. Have you added your Public Key?

             Users
               Name            Email                               Role       Deployment
               ann             ann@example.com                     owner      (app)     

             Deployments
               hello/default                                               

            """)
    }

    @Test func customAppsShowTheirBuildpack() {
        var custom = app("hello", "custom")
        custom.buildpackURL = "https://example.com/bp.git"
        let text = AppOutput.appDetails(custom, users: [], publicKey: "k")
        #expect(text.contains(" Buildpack URL: https://example.com/bp.git\n\n Repository: \n"))
    }

    @Test func deploymentDetailsMatchCctrlLayout() throws {
        let deployment = try WireJSON.decode(WireDeployment.self, from: Array(Fixtures.deployment.utf8))
        #expect(AppOutput.deploymentDetails(deployment, users: []) == """
            Deployment
             name: hello/default
             stack: pinky
             URL: http://hello.app.localhost
             branch: http://127.0.0.1:8000/git/hello.git
             last modified: 2026-12-03T16:05:00
             current version: abc123
             current state: deployed
             containers: 2
             memory: 384MB

            """)
        let users = [AppOutput.UserRow(username: "bob", email: "bob@example.com", role: "admin", deployment: "hello/default")]
        #expect(AppOutput.deploymentDetails(deployment, users: users).hasSuffix("""
             memory: 384MB

             Users
               Name            Email                               Role       Deployment
               bob             bob@example.com                     admin      hello/default

            """))
    }
}
