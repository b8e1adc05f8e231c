import ExoCore
import ExoStore
import Foundation

/// What a deployment's add-ons put into its containers: the `$CRED_FILE` JSON (spec §3) and the
/// environment variables. Config vars are always variables (as on Heroku: they exist to be read
/// from the environment); other add-ons' credentials are variables too unless `SET_ENV_VARS` says
/// otherwise, which defaults to off for python and php apps and on for the others (spec §3).
public enum AddonEnvironment {
    public struct Result: Sendable, Equatable {
        public var variables: [String: String]
        public var credentials: [UInt8]
    }

    public static func compose(_ addons: [AddonRecord], appType: String) throws(ExoError) -> Result {
        var parsed: [(name: String, settings: AddonSettings)] = []
        for addon in addons { parsed.append((addon.name, try AddonSettings(json: addon.settings))) }
        let configVars = parsed.first { $0.name == ConfigVars.addon }?.settings.configVars ?? [:]
        var variables: [String: String] = [:]
        if exposesCredentials(configVars["SET_ENV_VARS"], appType: appType) {
            for (_, settings) in parsed {
                for case let (key, .text(value)) in settings.values where (try? ConfigVars.validate(key: key)) != nil {
                    variables[key] = value
                }
            }
        }
        variables.merge(configVars) { _, config in config }
        return Result(variables: variables, credentials: credentialsJSON(parsed.map { ($0.name, $0.settings) }))
    }

    /// `{"CONFIG": {"CONFIG_VARS": {…}}, …}`: upper-cased option prefix → settings, empty ones
    /// skipped; exactly what `addon.creds` prints.
    public static func credentialsJSON(_ addons: [(name: String, settings: AddonSettings)]) -> [UInt8] {
        var document: [String: [String: AddonSettingValue]] = [:]
        for (name, settings) in addons where !settings.values.isEmpty {
            let prefix = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
            document[prefix.uppercased()] = settings.values
        }
        return AddonSettings.encode(document, pretty: true) + [0x0A]
    }

    /// Only config vars reach the build (through ENV_DIR); credentials never do (spec §4.2).
    public static func buildVariables(_ addons: [AddonRecord]) throws(ExoError) -> [String: String] {
        guard let config = addons.first(where: { $0.name == ConfigVars.addon }) else { return [:] }
        return try AddonSettings(json: config.settings).configVars
    }

    static func exposesCredentials(_ setting: String?, appType: String) -> Bool {
        switch setting?.lowercased() {
        case "true", "1", "yes": true
        case "false", "0", "no": false
        default: !["python", "php"].contains(appType)
        }
    }
}
