import ExoAPIClient

extension AppController {
    /// `APP[/DEP] open`: the deployment's URL in the desktop browser (cctrl's `webbrowser.open_new_tab`).
    /// Without a browser opener on PATH the URL is printed instead, so the command still helps on servers.
    func open(_ nameText: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let deployment: String
        do {
            deployment = try session.api.readDeployment(app: name.app, deployment: name.deploymentOrDefault).defaultSubdomain
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongDeployment)
        }
        let url = "http://" + deployment
        let tools = Tools(config: config)
        guard let opener = ["xdg-open", "sensible-browser", "open"].lazy.compactMap({ tools.find($0) }).first else {
            console.print(url)
            return
        }
        // cctrl silences the browser's stdout; its exit status is not reported either.
        _ = try? tools.capture([opener, url])
    }
}
