import ExoAPIClient

extension AppController {
    /// `APP[/DEP] rollback`: redeploys the version before the current one, as cctrl computes it
    /// from the deploy log (the text after the first `:` of each "Deployed version" message).
    func rollback(_ nameText: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .applicationName)
        let deployment = name.deploymentOrDefault
        let entries = try readLog(app: name.app, deployment: deployment, type: "deploy", after: nil)
        let versions = Self.deployedVersions(entries.compactMap { $0.fields["message"] })
        guard let previous = Self.previousVersion(versions) else { throw CLIError.input(Messages.noPreviousVersionFound) }
        do {
            try session.api.updateDeployment(app: name.app, deployment: deployment, version: previous)
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongDeployment)
        }
    }

    static func deployedVersions(_ messages: [String]) -> [String] {
        messages.filter { $0.contains("Deployed version") }.compactMap { message in
            let parts = message.split(separator: ":", omittingEmptySubsequences: false)
            return parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : nil
        }
    }

    /// The last version that differs from the current (last) one.
    static func previousVersion(_ versions: [String]) -> String? {
        guard let current = versions.last else { return nil }
        return versions.last { $0 != current }
    }
}
