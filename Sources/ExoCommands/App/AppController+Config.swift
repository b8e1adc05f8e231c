import ExoAPIClient
import Foundation

/// `config`, `config.add`, `config.remove`: the variables of the `config.free` add-on (spec §1.2).
extension AppController {
    static let configAddon = ProcessInfo.processInfo.environment["CONFIG_ADDON"] ?? "config.free"

    func config(_ nameText: String, key: String?) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        let requests = AddonRequests(api: session.api)
        var vars: [String: Any] = [:]
        do {
            let addon = try requests.json("GET", requests.path(name.app, name.deploymentOrDefault, Self.configAddon))
            vars = ((addon as? [String: Any])?["settings"] as? [String: Any])?["CONFIG_VARS"] as? [String: Any] ?? [:]
        } catch APIError.gone {
            vars = [:]
        }
        guard !vars.isEmpty else { return console.print(Messages.noConfigVars) }
        guard let key else { return console.write(AddonOutput.configList(vars)) }
        if let value = vars[key] {
            console.print(value as? String ?? "")
        } else {
            console.print(Messages.keyNotFound(key))
        }
    }

    func configAdd(_ nameText: String, variables: [String], force flag: Bool) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard !variables.isEmpty else { throw CLIError.input(Messages.noVariablesGiven) }
        let found = variables.contains { $0 == "-f" || $0 == "--force" }
        if flag && found { throw CLIError.input(Messages.duplicatedFlag) }
        let rest = variables.filter { $0 != "-f" && $0 != "--force" }
        guard !rest.isEmpty else { throw CLIError.input(Messages.noVariablesGiven) }
        let settings = try Self.changeJSON(Self.parseAssignments(rest))
        let requests = AddonRequests(api: session.api)
        let path = requests.path(name.app, name.deploymentOrDefault, Self.configAddon)
        var form = [("addon", Self.configAddon), ("settings", settings)]
        if flag || found { form.append(("force", "True")) }
        func put() throws {
            do {
                _ = try requests.send("PUT", path, form: form)
            } catch APIError.throttled(let message, _) {
                // cctrl returns silently here; saying so tells a script without a terminal
                // (no answer at all) that nothing was changed, as `delete` does when denied.
                let answer = console.readLine(prompt: Messages.overwriteQuestion(message))
                guard answer?.lowercased() == "yes" else {
                    if answer == nil { console.write("\n") }  // ends the prompt's line
                    console.print(Messages.securityQuestionDenied)
                    return
                }
                _ = try requests.send("PUT", path, form: form + [("force", "True")])
            }
        }
        do {
            try put()
        } catch APIError.gone {
            // The add-on is booked with the first variables.
            do {
                _ = try requests.send("POST", requests.path(name.app, name.deploymentOrDefault),
                                      form: [("addon", Self.configAddon), ("options", settings)])
            } catch APIError.conflict {
                // Another client booked it in the meantime: add the variables to theirs.
                try put()
            }
        }
    }

    func configRemove(_ nameText: String, variables: [String]) throws {
        let name = try AppDeploymentName.parse(nameText, failure: .appOrDeploymentName)
        guard !variables.isEmpty else { throw CLIError.input(Messages.noVariablesGiven) }
        var change: [String: Any] = [:]
        for key in variables { change[key.trimmingCharacters(in: .whitespaces)] = NSNull() }
        let requests = AddonRequests(api: session.api)
        do {
            _ = try requests.send("PUT", requests.path(name.app, name.deploymentOrDefault, Self.configAddon),
                                  form: [("addon", Self.configAddon), ("settings", try Self.changeJSON(change))])
        } catch APIError.gone {
            throw CLIError.input(Messages.wrongAddon)
        }
    }

    /// `K=V` (split at the first `=`; a V naming an existing file means its content), bare `K` → "true".
    /// Unlike cctrl the value is not stripped: leading and trailing spaces are part of it.
    static func parseAssignments(_ variables: [String]) -> [String: Any] {
        var result: [String: Any] = [:]
        for variable in variables {
            guard let equals = variable.firstIndex(of: "=") else {
                result[variable.trimmingCharacters(in: .whitespaces)] = "true"
                continue
            }
            let key = variable[..<equals].trimmingCharacters(in: .whitespaces)
            result[key] = fileContentOrValue(String(variable[variable.index(after: equals)...]))
        }
        return result
    }

    static func fileContentOrValue(_ value: String) -> String {
        var isDirectory: ObjCBool = false
        guard !value.isEmpty, FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), !isDirectory.boolValue,
              let data = FileManager.default.contents(atPath: value) else { return value }
        return String(decoding: data, as: UTF8.self)
    }

    static func changeJSON(_ change: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: change, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
