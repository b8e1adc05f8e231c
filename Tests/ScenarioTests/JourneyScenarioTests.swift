import ExoNet
import ExoSystem
import Foundation
import Testing

/// The user's journey of DESIGN.md, end to end: real exod and exo-router, the built CLIs,
/// real git over HTTP, real buildpacks and pip, real runc containers.
@Suite(.serialized)
struct JourneyScenarioTests {
    @Test func pushedPythonAppIsServedThroughTheRouterAfterDeploy() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")

        let created = try ann.exouser("create", "--name", ann.name, "--email", ann.email, "--password", ann.password)
        #expect(created.status == 0, "\(created)")
        #expect(created.stdout.contains("User has been created."))
        #expect(try ann.exoapp("hello", "create", "python").status == 0)

        let details = try ann.exoapp("hello", "details")
        #expect(details.status == 0, "\(details)")
        let repository = try #require(details.stdout.split(separator: "\n")
            .first { $0.contains("Repository:") }?.split(separator: " ").last.map(String.init))
        #expect(repository == "\(platform.apiURL)/git/hello/repository.git")

        // Plain git with the account's email and password, as a user following the docs would.
        let source = try ann.checkout(of: ProductsDirectory.example("python-hello"), named: "hello")
        let credentialed = repository.replacingOccurrences(
            of: "http://", with: "http://\(ann.email.replacingOccurrences(of: "@", with: "%40")):\(ann.password)@")
        let push = try ann.git("push", credentialed, "master", in: source)
        #expect(push.status == 0, "\(push)")
        #expect(push.stderr.contains("remote: -----> Python app detected"))
        #expect(push.stderr.contains("remote: -----> Uploading image"))

        // Pushing does not deploy: the router knows no running container for the host yet.
        #expect(try platform.get(host: platform.host(app: "hello")).status == 404)

        let deploy = try ann.exoapp("hello", "deploy")
        #expect(deploy.status == 0, "\(deploy)")
        #expect(deploy.stdout.isEmpty)
        let response = try platform.get(host: platform.host(app: "hello"))
        #expect(response.status == 200)
        #expect(response.text.hasPrefix("Hello from exo!"))
        // Host matching ignores case and port.
        #expect(try platform.get(host: "HeLLo.App.LocalHost:\(platform.routerPort)").text.hasPrefix("Hello from exo!"))

        let deployment = try ann.exoapp("hello", "details")
        #expect(deployment.status == 0)
        let state = try ann.exoapp("hello/default", "details")
        #expect(state.stdout.contains("current state: deployed"), "\(state)")
        #expect(state.stdout.contains("URL: http://hello.app.localhost:\(platform.routerPort)"), "\(state)")
        #expect(state.stdout.contains("containers: 1"))
        #expect(state.stdout.contains("memory: 128MB"))
    }

    @Test func branchDeploymentIsPushedWithExoappAndServedAtItsOwnSubdomain() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        try ann.expectOK(ann.exoapp("hello", "create", "python"))
        let source = try ann.checkout(of: ProductsDirectory.example("python-hello"), named: "hello", branch: "dev")
        let details = try ann.exoapp("hello", "details")
        let repository = try #require(details.stdout.split(separator: "\n")
            .first { $0.contains("Repository:") }?.split(separator: " ").last.map(String.init))
        try ann.expectOK(ann.git("remote", "add", "exo", repository, in: source))

        // `exoapp APP/DEP push` creates the deployment, then pushes branch dev with the API token.
        let push = try ann.exoapp("hello/dev", "push", in: source)
        #expect(push.status == 0, "\(push)")
        let deploy = try ann.exoapp("hello/dev", "deploy")
        #expect(deploy.status == 0, "\(deploy)")
        let response = try platform.get(host: platform.host(app: "hello", deployment: "dev"))
        #expect(response.status == 200)
        #expect(response.text.hasPrefix("Hello from exo!"))
        // The default deployment was never deployed.
        #expect(try platform.get(host: platform.host(app: "hello")).status == 404)

        // Undeploy stops everything and frees the name.
        let undeploy = try ann.exoapp("hello/dev", "undeploy", "-f")
        #expect(undeploy.status == 0, "\(undeploy)")
        #expect(try platform.get(host: platform.host(app: "hello", deployment: "dev")).status == 404)
        let gone = try ann.exoapp("hello/dev", "details")
        #expect(gone.status == 1)
        #expect(gone.stderr.contains("This deployment is unknown."))
    }
}
