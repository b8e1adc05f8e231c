import ExoController
import ExoCore
import ExoWire

/// `/app/…` and `/app/{app}/deployment/…`: thin adapters over `AppService` and `DeploymentService`.
enum AppRoutes {
    static func register(into router: inout APIRouter, apps: AppService, deployments: DeploymentService,
                         presenter: WirePresenter) {
        router.add("GET", "/app/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(try apps.list(by: principal).map { presenter.summary($0) })
        }
        router.add("POST", "/app/") { request, authenticate in
            let principal = try authenticate(request)
            let app = try apps.create(name: try request.required("name"), type: try request.required("type"),
                                      buildpackURL: request.fields["buildpack_url"].flatMap { $0.isEmpty ? nil : $0 },
                                      repositoryType: request.fields["repository_type"] ?? "git", by: principal)
            return .json(try presenter.app(app, by: principal), status: 201)
        }
        router.add("GET", "/app/{app}/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(try presenter.app(try apps.app(named: request.parameter("app"), by: principal), by: principal))
        }
        router.add("DELETE", "/app/{app}/") { request, authenticate in
            try apps.delete(named: request.parameter("app"), by: try authenticate(request))
            return .noContent
        }
        router.add("GET", "/app/{app}/user/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(try presenter.appUsers(try apps.app(named: request.parameter("app"), by: principal)))
        }

        router.add("GET", "/app/{app}/deployment/") { request, authenticate in
            let principal = try authenticate(request)
            let list = try deployments.list(app: request.parameter("app"), by: principal)
            return .json(list.map { presenter.deploymentRef($0) })
        }
        router.add("POST", "/app/{app}/deployment/") { request, authenticate in
            let principal = try authenticate(request)
            let name = request.fields["name"].flatMap { $0.isEmpty ? nil : $0 } ?? DeploymentName.default.rawValue
            let deployment = try deployments.create(app: request.parameter("app"), name: name,
                                                    stack: request.fields["stack"], by: principal)
            return .json(try presenter.deployment(deployment), status: 201)
        }
        router.add("GET", "/app/{app}/deployment/{dep}/") { request, authenticate in
            let principal = try authenticate(request)
            let deployment = try deployments.deployment(app: request.parameter("app"), name: request.parameter("dep"), by: principal)
            return .json(try presenter.deployment(deployment))
        }
        router.add("PUT", "/app/{app}/deployment/{dep}/") { request, authenticate in
            let principal = try authenticate(request)
            let order = DeployOrder(version: request.fields["version"].flatMap { $0.isEmpty ? nil : $0 } ?? "-1",
                                    containers: try request.optionalInt("min_boxes"),
                                    memoryBoxes: try request.optionalInt("max_boxes"),
                                    stack: request.fields["stack"].flatMap { $0.isEmpty ? nil : $0 })
            let deployment = try deployments.deploy(app: request.parameter("app"), name: request.parameter("dep"),
                                                    order: order, by: principal)
            return .json(try presenter.deployment(deployment))
        }
        router.add("DELETE", "/app/{app}/deployment/{dep}/") { request, authenticate in
            try deployments.undeploy(app: request.parameter("app"), name: request.parameter("dep"), by: try authenticate(request))
            return .noContent
        }
        router.add("GET", "/app/{app}/deployment/{dep}/user/") { request, authenticate in
            let principal = try authenticate(request)
            _ = try deployments.deployment(app: request.parameter("app"), name: request.parameter("dep"), by: principal)
            return .json([WireAppUser]())
        }
    }
}
