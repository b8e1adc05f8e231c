import ExoAPIClient
import Foundation

/// `addon`, `addon.list`, `addon.add`, `addon.remove`, `addon.creds` (spec §1.2).
extension AppController {
    func addon(_ nameText: String, addon: String?) throws {
        console.write(try readAddons(nameText, addon: addon).map { addon == nil ? AddonOutput.list($0) : AddonOutput.details($0[0]) }!)
    }

    func addonCreds(_ nameText: String, addon: String?) throws {
        console.write(AddonOutput.credentials(try readAddons(nameText, addon: addon) ?? []))
    }

    /// The catalogue needs no token.
    func addonList() throws {
        let requests = AddonRequests(api: session.api)
        console.write(AddonOutput.catalogue(try requests.json("GET", "/addon/", token: false) as? [[String: Any]] ?? []))
    }

    func addonAdd(_ nameText: String, addon: String, options: [String]) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let requests = AddonRequests(api: session.api)
        var form = [("addon", addon)]
        if !options.isEmpty { form.append(("options", try Self.changeJSON(Self.parseAddonOptions(options)))) }
        do {
            _ = try requests.send("POST", requests.path(name.app, name.deploymentOrDefault), form: form)
        } catch APIError.conflict {
            throw CLIError.input(Messages.duplicateAddon)
        } catch let error as APIError where "\(error)".contains("This is not a valid addon name") {
            throw CLIError.input(Messages.invalidAddon)
        } catch APIError.forbidden {
            throw CLIError.input(Messages.forbiddenAddon)
        }
    }

    func addonRemove(_ nameText: String, addon: String) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let requests = AddonRequests(api: session.api)
        do {
            _ = try requests.send("DELETE", requests.path(name.app, name.deploymentOrDefault, addon))
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongAddon)
        }
    }

    /// All add-ons of the deployment (nil addon) or the named one as a one-element list.
    private func readAddons(_ nameText: String, addon: String?) throws -> [[String: Any]]? {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let requests = AddonRequests(api: session.api)
        guard let addon else {
            return try requests.json("GET", requests.path(name.app, name.deploymentOrDefault)) as? [[String: Any]] ?? []
        }
        do {
            return [try requests.json("GET", requests.path(name.app, name.deploymentOrDefault, addon)) as? [String: Any] ?? [:]]
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongAddon)
        }
    }

    /// cctrl's `parse_additional_addon_options`: the words joined and split at `--`, each
    /// `name[=| ]value` (a value naming a file means its content), no value → "true".
    static func parseAddonOptions(_ options: [String]) -> [String: Any] {
        var result: [String: Any] = [:]
        for entry in options.joined(separator: " ").components(separatedBy: "--") {
            let scalars = Array(entry.unicodeScalars)
            var end = 0
            while end < scalars.count, scalars[end] == "_" || CharacterSet.alphanumerics.contains(scalars[end]) { end += 1 }
            guard end > 0 else { continue }
            let key = String(String.UnicodeScalarView(scalars[..<end]))
            var rest = scalars[end...]
            if let first = rest.first, first == "=" || first == " " { rest = rest.dropFirst() }
            var value = String(String.UnicodeScalarView(rest))
            while value.last?.isWhitespace == true { value.removeLast() }
            result[key] = value.isEmpty ? "true" : fileContentOrValue(value)
        }
        return result
    }
}
