import ExoCore

/// How deployments are named on the web: APP.domain for `default`, DEP-APP.domain for others.
public struct DeploymentNaming: Sendable, Equatable {
    public var domain: String
    /// The router's port when it is not 80, so printed URLs work as they are.
    public var routerPort: Int

    public init(domain: String, routerPort: Int) {
        self.domain = domain
        self.routerPort = routerPort
    }

    public func host(app: AppName, deployment: DeploymentName) -> String {
        deployment.isDefault ? "\(app).\(domain)" : "\(deployment)-\(app).\(domain)"
    }

    /// `default_subdomain` of the API: the host, with the router's port when it is not 80.
    public func subdomain(app: AppName, deployment: DeploymentName) -> String {
        let host = host(app: app, deployment: deployment)
        return routerPort == 80 ? host : "\(host):\(routerPort)"
    }
}
