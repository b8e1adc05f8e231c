// swift-tools-version: 6.0
// exo: a self-hostable application platform. See README.md and docs/.
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "exo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "exod", targets: ["exod"]),
        .executable(name: "exo-router", targets: ["exo-router"]),
        .executable(name: "exo-git-shell", targets: ["exo-git-shell"]),
        .executable(name: "exoapp", targets: ["exoapp"]),
        .executable(name: "exouser", targets: ["exouser"]),
    ],
    targets: [
        // C fences: system libraries and the few Glibc gaps (epoll, accept4, pipe2, prctl, ...).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CShim"),

        // Vocabulary and system layers.
        .target(name: "ExoCore", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoSystem", dependencies: ["ExoCore", "CShim"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoHTTP", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoNet", dependencies: ["ExoHTTP", "CShim"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoSQLite", dependencies: ["CSQLite"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoCrypto", dependencies: ["CCrypto"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoWire", dependencies: ["ExoCore"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoLogs", dependencies: ["ExoSystem"], exclude: ["README.md"], swiftSettings: strict),

        // Domain layers.
        .target(name: "ExoStore", dependencies: ["ExoCore", "ExoSQLite", "ExoCrypto"], exclude: ["README.md"],
                swiftSettings: strict),
        .target(name: "ExoRuntime", dependencies: ["ExoCore", "ExoSystem"], exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoBuilder", dependencies: ["ExoCore", "ExoSystem", "ExoRuntime"], exclude: ["README.md"],
                resources: [.copy("Buildpacks")], swiftSettings: strict),
        .target(name: "ExoGit", dependencies: ["ExoCore", "ExoSystem", "ExoHTTP", "ExoNet"], exclude: ["README.md"],
                swiftSettings: strict),
        .target(name: "ExoRouter", dependencies: ["ExoHTTP", "ExoNet", "ExoSystem", "CShim"], exclude: ["README.md"],
                swiftSettings: strict),
        .target(name: "ExoController",
                dependencies: ["ExoCore", "ExoSystem", "ExoNet", "ExoStore", "ExoRuntime", "ExoBuilder", "ExoGit", "ExoCrypto"],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoAPI", dependencies: ["ExoCore", "ExoWire", "ExoHTTP", "ExoNet", "ExoController", "ExoGit",
                                              "ExoStore", "ExoRuntime", "ExoBuilder", "ExoSystem", "ExoCrypto", "ExoLogs"],
                exclude: ["README.md"], swiftSettings: strict),
        .target(name: "ExoAPIClient", dependencies: ["ExoCore", "ExoWire", "ExoHTTP", "ExoNet"], exclude: ["README.md"],
                swiftSettings: strict),
        .target(name: "ExoCommands", dependencies: ["ExoCore", "ExoWire", "ExoAPIClient", "ExoSystem"], exclude: ["README.md"],
                swiftSettings: strict),

        // Thin executables.
        .executableTarget(name: "exod", dependencies: ["ExoAPI", "ExoController", "ExoCore", "ExoSystem"], swiftSettings: strict),
        .executableTarget(name: "exo-router", dependencies: ["ExoRouter"], swiftSettings: strict),
        .executableTarget(name: "exo-git-shell", dependencies: ["ExoGit"], swiftSettings: strict),
        .executableTarget(name: "exoapp", dependencies: ["ExoCommands"], swiftSettings: strict),
        .executableTarget(name: "exouser", dependencies: ["ExoCommands"], swiftSettings: strict),

        // Tests: unit tests per module, scenario tests that drive the real processes.
        .testTarget(name: "ExoCoreTests", dependencies: ["ExoCore"], swiftSettings: strict),
        .testTarget(name: "ExoSystemTests", dependencies: ["ExoSystem"], swiftSettings: strict),
        .testTarget(name: "ExoHTTPTests", dependencies: ["ExoHTTP"], swiftSettings: strict),
        .testTarget(name: "ExoNetTests", dependencies: ["ExoNet", "ExoHTTP"], swiftSettings: strict),
        .testTarget(name: "ExoStoreTests", dependencies: ["ExoStore", "ExoSQLite"], swiftSettings: strict),
        .testTarget(name: "ExoCryptoTests", dependencies: ["ExoCrypto"], swiftSettings: strict),
        .testTarget(name: "ExoLogsTests", dependencies: ["ExoLogs"], swiftSettings: strict),
        .testTarget(name: "ExoRuntimeTests", dependencies: ["ExoRuntime", "ExoSystem"], swiftSettings: strict),
        .testTarget(name: "ExoBuilderTests", dependencies: ["ExoBuilder", "ExoRuntime"], swiftSettings: strict),
        .testTarget(name: "ExoGitTests", dependencies: ["ExoGit", "ExoNet", "ExoHTTP", "ExoSystem", "ExoCore"], swiftSettings: strict),
        .testTarget(name: "ExoRouterTests", dependencies: ["ExoRouter", "ExoNet", "ExoHTTP", "ExoSystem"], swiftSettings: strict),
        .testTarget(name: "ExoControllerTests",
                    dependencies: ["ExoController", "ExoCore", "ExoStore", "ExoSystem", "ExoGit", "ExoRuntime", "ExoBuilder",
                                   "ExoCrypto"],
                    swiftSettings: strict),
        .testTarget(name: "ExoAPITests",
                    dependencies: ["ExoAPI", "ExoController", "ExoCore", "ExoWire", "ExoHTTP", "ExoNet", "ExoStore",
                                   "ExoSystem", "ExoGit", "ExoRuntime", "ExoBuilder", "ExoCrypto"],
                    swiftSettings: strict),
        .testTarget(name: "ExoCommandsTests", dependencies: ["ExoCommands", "ExoWire", "ExoAPIClient", "ExoNet"],
                    swiftSettings: strict),
        .testTarget(name: "ScenarioTests", dependencies: ["ExoNet", "ExoSystem"], swiftSettings: strict),
    ]
)
