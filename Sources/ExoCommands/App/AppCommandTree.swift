/// The sub-commands of `exoapp APP[/DEP] COMMAND`, declared like cctrl's `app_commands.py`.
enum AppCommandTree {
    static let nameMetavar = "app_name[/deployment_name]"

    static let force = OptionSpec(["-f", "--force"], dest: "force", help: "don't ask for confirmation")

    static let commands: [CommandSpec] = [
        CommandSpec("run", help: "run command", positionals: [PositionalSpec("command", help: "command to execute")]),
        CommandSpec("rollback", help: "rollback to previous deployment"),
        CommandSpec("create", help: "create new application", options: [
            OptionSpec(["--buildpack"], value: .required, metavar: "url", help: "custom buildpack URL (for \"custom\" app type)"),
            OptionSpec(["--repo"], value: .required, metavar: "repo", choices: ["bzr", "git"], help: "bzr or git"),
        ], positionals: [PositionalSpec("type", help: "app-type (language)")]),
        CommandSpec("details", help: "app or deployment details"),
        CommandSpec("delete", help: "delete application", options: [force]),
        CommandSpec("push", help: "push local changes", options: [
            OptionSpec(["--ship"], help: "deploy, show logs and open last version in browser after pushing"),
            OptionSpec(["--clear-buildpack-cache"], dest: "clear_cache",
                       help: "clear the deployment buildpack cache so all dependencies are downloaded again"),
            OptionSpec(["--deploy"], help: "deploy after pushing"),
        ], positionals: [PositionalSpec("source", optional: true, help: "path to local branch")]),
        CommandSpec("deploy", help: "deploy version", options: [
            OptionSpec(["--containers", "--min"], value: .required, metavar: "NUM", isInteger: true, help: "number of containers"),
            OptionSpec(["--size", "--max"], value: .required, isInteger: true, help: "container memory size in units of 128MB"),
            OptionSpec(["--memory"], value: .required, help: "container size in MB, --memory=X*128 maps to --size=X"),
            OptionSpec(["--stack"], value: .optional, help: "desired stack name"),
            OptionSpec(["--restart-workers"], help: "restart the worker after deploying"),
        ], positionals: [PositionalSpec("version", optional: true, help: "optionally accepts a version")]),
        CommandSpec("undeploy", help: "delete deployment", options: [force]),
        CommandSpec("user", help: "list app users"),
        CommandSpec("user.add", help: "add user by email", options: [OptionSpec(["--role"], value: .optional, help: "role")],
                    positionals: [PositionalSpec("email")]),
        CommandSpec("user.remove", help: "remove user by username or email",
                    positionals: [PositionalSpec("username", help: "username or email")]),
        CommandSpec("config", help: "list config vars", positionals: [PositionalSpec("key", optional: true)]),
        CommandSpec("config.add", help: "add config vars", options: [force],
                    positionals: [PositionalSpec("variables", remainder: true)]),
        CommandSpec("config.remove", help: "remove config variables", positionals: [PositionalSpec("variables", remainder: true)]),
        CommandSpec("addon", help: "show addon", positionals: [PositionalSpec("addon", optional: true)]),
        CommandSpec("addon.list", help: "list all available addons"),
        CommandSpec("addon.creds", help: "print creds.json format to stdout", positionals: [PositionalSpec("addon", optional: true)]),
        CommandSpec("addon.add", help: "add addon", positionals: [PositionalSpec("addon"), PositionalSpec("options", remainder: true)]),
        CommandSpec("addon.upgrade", help: "upgrade addon", positionals: [PositionalSpec("addon_old"), PositionalSpec("addon_new")]),
        CommandSpec("addon.downgrade", help: "downgrade addon", positionals: [PositionalSpec("addon_old"), PositionalSpec("addon_new")]),
        CommandSpec("addon.remove", help: "remove addon", positionals: [PositionalSpec("addon")]),
        CommandSpec("alias", help: "show alias", positionals: [PositionalSpec("alias", optional: true)]),
        CommandSpec("alias.add", help: "add alias", positionals: [PositionalSpec("alias")]),
        CommandSpec("alias.remove", help: "remove alias", positionals: [PositionalSpec("alias")]),
        CommandSpec("worker", help: "show worker", positionals: [PositionalSpec("wrk_id", optional: true)]),
        CommandSpec("worker.add", help: "start worker", options: [
            OptionSpec(["--size"], value: .required, isInteger: true),
            OptionSpec(["--memory"], value: .required),
        ], positionals: [PositionalSpec("command"), PositionalSpec("params", optional: true)]),
        CommandSpec("worker.remove", help: "stop worker", positionals: [PositionalSpec("wrk_id")]),
        CommandSpec("worker.restart", help: "restart worker", options: [OptionSpec(["--all"])],
                    positionals: [PositionalSpec("wrk_id", optional: true)]),
        CommandSpec("cron", help: "show cronjobs", positionals: [PositionalSpec("job_id", optional: true)]),
        CommandSpec("cron.add", help: "add cronjob", positionals: [PositionalSpec("url")]),
        CommandSpec("cron.remove", help: "remove cronjob", positionals: [PositionalSpec("job_id")]),
        CommandSpec("log", help: "show the log", options: [
            OptionSpec(["-w", "--wrk_id"], dest: "wrk_id", value: .optional),
            OptionSpec(["-g", "--grep"], dest: "filter", value: .optional),
        ], positionals: [PositionalSpec("type", choices: ["access", "error", "worker", "deploy"])]),
        CommandSpec("open", help: "open deployment on default browser"),
    ]

    static func command(named name: String) -> CommandSpec? {
        commands.first { $0.name == name }
    }
}
