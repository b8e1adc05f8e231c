import ExoAPIClient
import ExoSystem

extension AppController {
    /// `APP[/DEP] create TYPE [--buildpack URL] [--repo git|bzr]`: creates the app and its first deployment.
    func create(_ nameText: String, _ arguments: ParsedArguments) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .applicationName)
        let type = arguments["type"] ?? ""
        let buildpack = arguments["buildpack"].flatMap { $0.isEmpty ? nil : $0 }
        if let buildpack {
            guard type == "custom" else { throw CLIError.input(Messages.noCustomApp) }
            guard Tools(config: config).isBuildpackURLValid(buildpack) else { throw CLIError.input(Messages.noValidBuildpackURL) }
        } else if type == "custom" {
            throw CLIError.input(Messages.noBuildpackURL)
        }
        let (repositoryType, detection) = repositoryType(arguments["repo"])
        do {
            try session.api.createApp(name: name.app, type: type, repositoryType: repositoryType, buildpackURL: buildpack)
            try session.api.createDeployment(app: name.app, name: name.deployment)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongApplication)
        } catch APIError.forbidden {
            throw CLIError.input(Messages.notAllowed)
        }
        if let detection { console.print(detection) }
    }

    /// `--repo`, else a `.git`/`.bzr` directory here, else git/bzr on PATH, else git; with the
    /// message cctrl prints when it had to detect the type.
    private func repositoryType(_ given: String?) -> (String, String?) {
        if let given { return (given, nil) }
        let cwd = FileManagerless.currentDirectory()
        if Files.exists(cwd + "/.git") { return ("git", Messages.gitConfigFound) }
        if Files.exists(cwd + "/.bzr") { return ("bzr", Messages.bazaarConfigFound) }
        let tools = Tools(config: config)
        if tools.find("git") != nil { return ("git", Messages.gitExecutableFound) }
        if tools.find("bzr") != nil { return ("bzr", Messages.bazaarExecutableFound) }
        return ("git", Messages.defaultRepoType)
    }
}
