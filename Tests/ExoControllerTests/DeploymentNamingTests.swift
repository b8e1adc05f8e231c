import ExoController
import ExoCore
import Testing

struct DeploymentNamingTests {
    let app = try! AppName("shop")

    @Test func theDefaultDeploymentIsServedAtTheAppsHost() {
        let naming = DeploymentNaming(domain: "app.localhost", routerPort: 80)
        #expect(naming.host(app: app, deployment: .default) == "shop.app.localhost")
    }

    @Test func otherDeploymentsArePrefixedWithTheirName() throws {
        let naming = DeploymentNaming(domain: "app.localhost", routerPort: 80)
        #expect(naming.host(app: app, deployment: try DeploymentName("staging")) == "staging-shop.app.localhost")
    }

    @Test func theSubdomainOmitsPort80() throws {
        let naming = DeploymentNaming(domain: "example.com", routerPort: 80)
        #expect(naming.subdomain(app: app, deployment: .default) == "shop.example.com")
        #expect(naming.subdomain(app: app, deployment: try DeploymentName("dev")) == "dev-shop.example.com")
    }

    @Test func theSubdomainCarriesAnyOtherRouterPort() throws {
        let naming = DeploymentNaming(domain: "app.localhost", routerPort: 8080)
        #expect(naming.subdomain(app: app, deployment: .default) == "shop.app.localhost:8080")
        #expect(naming.subdomain(app: app, deployment: try DeploymentName("dev")) == "dev-shop.app.localhost:8080")
        // The host itself (what the router matches) never carries the port.
        #expect(naming.host(app: app, deployment: .default) == "shop.app.localhost")
    }
}
