import ExoBuilder
import ExoController
import ExoCore
import ExoCrypto
import ExoGit
import ExoLogs
import ExoNet
import ExoRuntime
import ExoStore
import ExoSystem
import Foundation
import Glibc

/// exod's composition root: builds every service from the configuration, starts the API,
/// the router and the reconciler's restore, and runs until SIGINT/SIGTERM (a platform stop: containers
/// and router too) or SIGQUIT (exod alone: they keep running for the next exod to adopt).
public enum ExoDaemon {
    public static func run(configuration config: PlatformConfiguration) throws -> Never {
        let signals = blockTerminationSignals()
        let log: @Sendable (String) -> Void = { message in StandardError.writeLine("exod: \(message)") }
        var runtimeFile = stat()
        guard stat(config.runtimeBinary, &runtimeFile) == 0, runtimeFile.st_mode & S_IFMT == S_IFREG,
              access(config.runtimeBinary, X_OK) == 0 else {
            throw ExoError.invalid("EXO_RUNTIME", "EXO_RUNTIME: \(config.runtimeBinary) is not an executable program (install runc, or name crun's path)")
        }
        let paths = Paths(dataDir: config.absoluteDataDir)
        try paths.createDirectories()
        let dataLock: FileLock
        do {
            dataLock = try FileLock(path: paths.dataDir + "/exod.lock")
        } catch {
            throw ExoError.unavailable("Another exod is already running on \(paths.dataDir) (\(error)).")
        }
        removeInterruptedPushes(paths)
        let internalToken = try loadInternalToken(paths)
        let programs = try ProgramLocator()
        let apiAddress = try SocketAddress(parsing: config.apiAddress)
        let internalURL = "http://\(apiAddress)"  // SocketAddress brackets IPv6 hosts
        let routerBinary = try programs.path(of: "exo-router")
        let routerEnvironment = config.routerEnvironment.merging([
            "EXO_ROUTER_ADDR": config.routerAddress,
            "EXO_ROUTER_ROUTES_URL": "\(internalURL)/internal/routes",
            "EXO_ROUTER_ACCESS_LOG_URL": "\(internalURL)/internal/access-log",
            "EXO_INTERNAL_TOKEN_FILE": paths.internalToken,
            "EXO_ROUTER_STATE_FILE": paths.routerState,
        ]) { _, exods in exods }
        // Before anything listens or starts: a bad router setting stops exod with nothing begun.
        if config.superviseRouter { try checkRouterSettings(binary: routerBinary, environment: routerEnvironment) }

        let store = try SQLiteStore(path: paths.database)
        let runtime = RuncRuntime(binary: config.runtimeBinary, root: paths.runcRoot)
        // Held until the restore: the router keeps the table it has (adopted containers keep serving).
        let routes = RoutePublisher(held: true)
        let logs = LogStore(directory: paths.logs)
        let syslogFiles = SyslogFileResolver(store: store, paths: paths)
        logs.forwardToSyslog { key in  // RSYSLOG_REMOTE: error and worker lines also go to the app's syslog remote
            try syslogFiles.lookup(key).map { SyslogSource(name: $0.name, revision: $0.revision, text: $0.text, problem: $0.problem) }
        }
        let logEvents = LogSinks.reconcilerEvents(logs)
        let reconciler = Reconciler(paths: paths, runtime: runtime, routes: routes,
                                    ports: PortAllocator(range: config.containerPorts), bootTimeout: config.bootTimeout,
                                    events: { key, message in
                                        log("\(key): \(message)")
                                        logEvents(key, message)
                                    },
                                    output: LogSinks.containerOutput(logs))
        // Containers a killed exod left running are adopted by the restore if they match desired state.
        reconciler.collectLeftovers()

        let routerAddress = try SocketAddress(parsing: config.routerAddress)
        let naming = DeploymentNaming(domain: config.domain, routerPort: routerAddress.port)
        let git = GitClient()
        let users = UserService(store: store, openRegistration: config.openRegistration, notify: log)
        let apps = AppService(store: store, paths: paths, git: git, hookProgram: try programs.path(of: "exo-git-shell"))
        let deployments = DeploymentService(store: store, apps: apps, reconciler: reconciler, paths: paths, naming: naming,
                                            git: git, forgetLogs: { logs.remove($0) },
                                            retention: ImageRetention(keep: config.imageRetention),
                                            recentlyDeployed: deployedVersions(logs),
                                            deployFailed: { key, message in
                                                log("\(key): \(message)")
                                                LogSinks.buildEvents(logs)(key, message, true)
                                            })
        let builder = Builder(paths: paths, runtime: runtime)
        try? builder.removeLeftovers()
        let pushes = PushService(store: store, paths: paths, git: git, builder: builder, events: LogSinks.buildEvents(logs))

        let idler = IdleMonitor(policy: IdlePolicy(idleAfter: config.idleAfter), store: store, reconciler: reconciler, log: log)
        var accessLog = AccessLogIntake(logs: logs, store: store)
        accessLog.onActivity = { idler.touch($0) }
        var restRouter = APIRouter()
        UserRoutes.register(into: &restRouter, users: users)
        AppRoutes.register(into: &restRouter, apps: apps, deployments: deployments,
                           presenter: WirePresenter(apps: apps, store: store, naming: naming, publicAPIURL: config.publicAPIURL))
        LogRoutes.register(into: &restRouter, deployments: deployments, logs: logs)
        AddonRoutes.register(into: &restRouter, addons: AddonService(store: store, deployments: deployments))
        AliasRoutes.register(into: &restRouter, aliases: AliasService(store: store, deployments: deployments, naming: naming))
        let backend = GitHTTPBackend(projectRoot: paths.repos,
                                     environment: ["EXO_INTERNAL_URL": internalURL, "EXO_INTERNAL_TOKEN": internalToken],
                                     log: log)
        let api = APIServer(router: restRouter, users: users,
                            git: GitRoutes(users: users, apps: apps, backend: backend),
                            internalRoutes: InternalRoutes(token: internalToken, routes: routes, pushes: pushes,
                                                           accessLog: accessLog, wake: { idler.wake($0) }), log: log)
        let server = HTTPServer(address: apiAddress) { request, response in try api.handle(request, response) }
        try server.start()
        log("API and git listening on \(config.publicAPIURL) (data in \(paths.dataDir))")

        let router = RouterSupervisor(binary: routerBinary, environment: routerEnvironment,
                                      pidFile: paths.router + "/exo-router.pid", log: log)
        if config.superviseRouter {
            router.start()
            routes.expectWatcher()
            log("router listening on http://\(config.routerAddress) for *.\(config.domain)")
        }
        JoinableThread.detach {
            deployments.restoreAll(report: log)
            routes.open()
            idler.start()
            reconciler.stopLeftovers()
        }

        var received: Int32 = 0
        var waitSet = signals
        sigwait(&waitSet, &received)
        if received == SIGQUIT {
            // Leaving for the next exod (an upgrade): containers and the router keep serving and are
            // adopted by it, exactly as after a crash.
            log("exiting; containers and exo-router keep running for the next exod to adopt")
            idler.stop()
            builder.stop()   // a build container cannot be adopted: its push fails
            server.stop()
            logs.flush()
            withExtendedLifetime(dataLock) {}
            exit(0)
        }
        log("shutting down")
        idler.stop()
        builder.stop()
        server.stop()
        router.stop()
        reconciler.shutdown()
        logs.flush()
        // The lock must live until here: the optimizer may end a local's life at its last use.
        withExtendedLifetime(dataLock) {}
        exit(0)
    }

    /// Scratch dirs of builds and git's quarantine dirs of pushes that a killed exod left behind
    /// (nothing can be building before the API listens).
    static func removeInterruptedPushes(_ paths: Paths) {
        for entry in (try? Files.listDirectory(paths.builds)) ?? [] { try? Files.remove(paths.builds + "/" + entry) }
        // Half-written images of builds that were cut off (images/APP/DEP/SHA.tar.gz.partial).
        for app in (try? Files.listDirectory(paths.images)) ?? [] {
            for dep in (try? Files.listDirectory(paths.images + "/" + app)) ?? [] {
                let dir = paths.images + "/" + app + "/" + dep
                for file in (try? Files.listDirectory(dir)) ?? [] where file.hasSuffix(".partial") {
                    try? Files.remove(dir + "/" + file)
                }
            }
        }
        for repo in (try? Files.listDirectory(paths.repos)) ?? [] {
            let objects = paths.repos + "/" + repo + "/objects"
            for entry in (try? Files.listDirectory(objects)) ?? [] where entry.hasPrefix("tmp_objdir-incoming-") {
                try? Files.remove(objects + "/" + entry)
            }
        }
    }

    /// The versions a deployment's deploy log names ("Deployed version: SHA"), newest first: the
    /// image retention keeps them, since rollback picks its version from there.
    static func deployedVersions(_ logs: LogStore) -> @Sendable (String) -> [String] {
        { key in
            let prefix = "Deployed version: "
            return logs.entries(key, .deploy).sorted { $0.time > $1.time }.compactMap { entry in
                guard let message = entry.fields["message"], message.hasPrefix(prefix) else { return nil }
                return String(message.dropFirst(prefix.count))
            }
        }
    }

    /// The secret shared with exo-router and the git hooks; created once, readable by root only.
    static func loadInternalToken(_ paths: Paths) throws -> String {
        if Files.exists(paths.internalToken) {
            let token = try Files.readText(paths.internalToken).trimmingCharacters(in: .whitespacesAndNewlines)
            if !token.isEmpty { return token }
        }
        let token = SecureRandom.token()
        try Files.atomicWrite(token, to: paths.internalToken, mode: 0o600)
        return token
    }

    /// Blocks SIGINT/SIGTERM/SIGQUIT before any thread starts, so every thread inherits the mask and
    /// only the main thread's `sigwait` receives them (an orderly shutdown, not a kill).
    static func blockTerminationSignals() -> sigset_t {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGQUIT)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        return signals
    }
}

/// Finds exod's sibling executables (exo-router, exo-git-shell) next to the running binary.
struct ProgramLocator: Sendable {
    let directory: String

    init() throws {
        directory = Files.parentDirectory(of: try Files.readLink("/proc/self/exe"))
    }

    func path(of program: String) throws -> String {
        let path = directory + "/" + program
        guard Files.exists(path) else {
            throw ExoError.internalError("\(program) not found next to exod in \(directory); build all products (swift build).", cause: nil)
        }
        return path
    }
}
