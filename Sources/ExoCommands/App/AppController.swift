import ExoAPIClient
import ExoWire

/// Runs the `exoapp` commands (cctrl's `AppController`) against one authenticated session.
struct AppController {
    let session: Session
    var console: any Console { session.console }
    var config: CLIConfig { session.config }

    func run(_ command: String, name: String, arguments: ParsedArguments) throws {
        switch command {
        case "create": try session.authenticated { try create(name, arguments) }
        case "details": try session.authenticated { try details(name) }
        case "user": try session.authenticated { try users(name) }
        case "delete": try session.authenticated { try delete(name, force: arguments.flag("force")) }
        case "push": try session.authenticated { try push(name, arguments) }
        case "deploy": try session.authenticated { try deploy(name, arguments) }
        case "undeploy": try session.authenticated { try undeploy(name, force: arguments.flag("force")) }
        case "open": try session.authenticated { try open(name) }
        case "log": try session.authenticated { try log(name, arguments) }
        case "rollback": try session.authenticated { try rollback(name) }
        case "config": try session.authenticated { try config(name, key: arguments["key"]) }
        case "config.add":
            try session.authenticated { try configAdd(name, variables: arguments.list("variables"), force: arguments.flag("force")) }
        case "config.remove": try session.authenticated { try configRemove(name, variables: arguments.list("variables")) }
        case "addon": try session.authenticated { try addon(name, addon: arguments["addon"]) }
        case "addon.list": try addonList()
        case "addon.creds": try session.authenticated { try addonCreds(name, addon: arguments["addon"]) }
        case "addon.add":
            try session.authenticated { try addonAdd(name, addon: arguments["addon"] ?? "", options: arguments.list("options")) }
        case "addon.remove": try session.authenticated { try addonRemove(name, addon: arguments["addon"] ?? "") }
        case "alias": try session.authenticated { try alias(name, alias: arguments["alias"]) }
        case "alias.add": try session.authenticated { try aliasAdd(name, alias: arguments["alias"] ?? "") }
        case "alias.remove": try session.authenticated { try aliasRemove(name, alias: arguments["alias"] ?? "") }
        default:
            // Parsed like cctrl, but the server side of these commands does not exist yet.
            throw CLIError.input(Messages.commandNotImplemented)
        }
    }

    /// `exoapp -l`: the version check, then the table of apps.
    func list() throws {
        try checkForUpdates()
        try session.authenticated {
            console.write(AppOutput.appList(try session.api.readApps()))
        }
    }

    /// cctrl's `check_for_updates`: a newer major version is required, a newer minor one is announced.
    /// Any failure to ask is ignored, as cctrl does for a missing field or an unreachable API.
    private func checkForUpdates() throws {
        guard let latest = try? session.api.readVersion().cctrl else { return }
        switch VersionCheck.compare(ours: CLIConfig.version, latest: latest) {
        case .upgradeRequired:
            throw CLIError.message(Messages.updateRequired)
        case .upgradeAvailable:
            console.printError(Messages.updateAvailable)
        case .upToDate:
            break
        }
    }
}

/// Compares dotted versions the way cctrl does (major, minor, patch, then the suffix as text).
enum VersionCheck: Equatable {
    case upToDate, upgradeAvailable, upgradeRequired

    static func compare(ours: String, latest: String) -> VersionCheck {
        let a = parts(ours), b = parts(latest)
        if b.numbers[0] > a.numbers[0] { return .upgradeRequired }
        if b.numbers[0] < a.numbers[0] { return .upToDate }
        for i in 1..<3 {
            if b.numbers[i] > a.numbers[i] { return .upgradeAvailable }
            if b.numbers[i] < a.numbers[i] { return .upToDate }
        }
        return b.suffix > a.suffix ? .upgradeAvailable : .upToDate
    }

    private static func parts(_ version: String) -> (numbers: [Int], suffix: String) {
        var pieces = version.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        while pieces.count < 3 { pieces.append("0") }
        return (pieces.prefix(3).map { Int($0) ?? 0 }, pieces.count > 3 ? pieces[3] : "")
    }
}
