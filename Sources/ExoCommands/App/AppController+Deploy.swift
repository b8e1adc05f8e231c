import ExoAPIClient
import ExoWire
import Foundation

extension AppController {
    /// `APP[/DEP] deploy [VERSION] [--containers N] [--size N | --memory M] [--stack S] [--restart-workers]`.
    func deploy(_ nameText: String, _ arguments: ParsedArguments) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .applicationName)
        let deploymentName = name.deploymentOrDefault
        let memory = arguments["memory"]
        let size = arguments.integer("size")
        let maxBoxes = try MemoryOption.maxBoxes(size: size, memory: memory, console: console)
        let version = arguments["version"] ?? "-1"
        let containers = arguments.integer("containers")
        let stack = arguments["stack"]
        func update() throws {
            try session.api.updateDeployment(app: name.app, deployment: deploymentName, version: version,
                                             minBoxes: containers, maxBoxes: maxBoxes, stack: stack)
        }
        do {
            do {
                try update()
            } catch APIError.gone {
                // Deploying a deployment that does not exist yet creates it first.
                do {
                    try session.api.createDeployment(app: name.app, name: deploymentName, stack: stack)
                    try update()
                } catch APIError.gone {
                    throw CLIError.input(Messages.wrongApplication)
                } catch APIError.forbidden {
                    throw CLIError.input(Messages.notAllowed)
                }
            }
        } catch let error as APIError where error.hasField("max_boxes_over_max_process_limit") || error.hasField("max_boxes") {
            if memory != nil { throw CLIError.input(Messages.invalidMemory) }
            if size != nil { throw CLIError.input(Messages.invalidSize) }
            throw error
        }
        if arguments.flag("restart_workers") {
            try waitUntilDeployed(app: name.app, deployment: deploymentName)
        }
    }

    /// `--restart-workers` first waits for the new version (cctrl polls once a second for `deployed`).
    /// Workers themselves are not served by exo yet, so there is nothing to restart afterwards.
    private func waitUntilDeployed(app: String, deployment: String) throws {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 1)
            if try session.api.readDeployment(app: app, deployment: deployment).state == "deployed" { return }
        }
        throw CLIError.input(Messages.deploymentFailed)
    }

    /// Deploys the newest image with the deployment's current sizes (`push --deploy`).
    func redeploy(_ deployment: WireDeployment) throws {
        guard let name = AppDeploymentName.parse(deployment.name), !name.deployment.isEmpty else {
            throw CLIError.input(Messages.deploymentFailed)
        }
        do {
            try session.api.updateDeployment(app: name.app, deployment: name.deployment, version: "-1",
                                             minBoxes: deployment.minBoxes, maxBoxes: deployment.maxBoxes,
                                             stack: deployment.stack.name)
        } catch APIError.gone {
            throw CLIError.input(Messages.deploymentFailed)
        } catch APIError.badRequest {
            throw CLIError.input(Messages.deploymentFailed)
        }
    }
}
