import ExoController
import ExoCore
import Testing

struct PlatformConfigurationTests {
    @Test func anEmptyEnvironmentGivesTheDocumentedDefaults() throws {
        let config = try PlatformConfiguration.fromEnvironment([:])
        #expect(config.dataDir == "./data")
        #expect(config.apiAddress == "127.0.0.1:8000")
        #expect(config.routerAddress == "127.0.0.1:8080")
        #expect(config.domain == "app.localhost")
        #expect(config.publicAPIURL == "http://127.0.0.1:8000")
        #expect(config.runtimeBinary == "/usr/sbin/runc")
        #expect(config.containerPorts == 31000...32999)
        #expect(config.bootTimeout == 60)
        #expect(config.openRegistration)
        #expect(config.superviseRouter)
        #expect(config == PlatformConfiguration())
    }

    @Test func namesNothingReadsAreFoundButTheCLIsAndTheRoutersAreNot() {
        let env = ["EXO_DATADIR": "/x", "EXO_DATA_DIR": "/y", "EXO_EMAIL": "a@b.c", "EXO_API_URL": "http://h",
                   "EXO_ROUTER_TYPO": "1", "EXO_BOOT_TIMOUT": "5", "PATH": "/bin", "EXOTIC": "1"]
        #expect(PlatformConfiguration.unknownNames(in: env) == ["EXO_BOOT_TIMOUT", "EXO_DATADIR"])
    }

    @Test func everyVariableIsRead() throws {
        let config = try PlatformConfiguration.fromEnvironment([
            "EXO_DATA_DIR": "/var/lib/exo",
            "EXO_API_ADDR": "0.0.0.0:9000",
            "EXO_ROUTER_ADDR": "[::1]:9080",
            "EXO_DOMAIN": "Apps.Example.COM",
            "EXO_PUBLIC_API_URL": "https://api.example.com",
            "EXO_RUNTIME": "/usr/bin/crun",
            "EXO_CONTAINER_PORTS": "40000-40099",
            "EXO_BOOT_TIMEOUT": "2.5",
            "EXO_OPEN_REGISTRATION": "no",
            "EXO_SUPERVISE_ROUTER": "OFF",
        ])
        #expect(config.dataDir == "/var/lib/exo")
        #expect(config.apiAddress == "0.0.0.0:9000")
        #expect(config.routerAddress == "[::1]:9080")
        #expect(config.domain == "apps.example.com")
        #expect(config.publicAPIURL == "https://api.example.com")
        #expect(config.runtimeBinary == "/usr/bin/crun")
        #expect(config.containerPorts == 40000...40099)
        #expect(config.bootTimeout == 2.5)
        #expect(!config.openRegistration)
        #expect(!config.superviseRouter)
    }

    @Test func thePublicAPIURLFollowsTheAPIAddressUnlessSet() throws {
        let config = try PlatformConfiguration.fromEnvironment(["EXO_API_ADDR": "127.0.0.1:8123"])
        #expect(config.publicAPIURL == "http://127.0.0.1:8123")
    }

    @Test(arguments: ["1", "true", "YES", "on"])
    func trueSpellingsAreAccepted(_ text: String) throws {
        let config = try PlatformConfiguration.fromEnvironment(["EXO_OPEN_REGISTRATION": text])
        #expect(config.openRegistration)
    }

    @Test(arguments: ["0", "false", "No", "off"])
    func falseSpellingsAreAccepted(_ text: String) throws {
        let config = try PlatformConfiguration.fromEnvironment(["EXO_SUPERVISE_ROUTER": text])
        #expect(!config.superviseRouter)
    }

    /// Each bad value is refused with an `.invalidInput` whose field and message name the variable.
    @Test(arguments: [
        ("EXO_API_ADDR", "127.0.0.1"),
        ("EXO_API_ADDR", ":8000"),
        ("EXO_API_ADDR", "127.0.0.1:http"),
        ("EXO_API_ADDR", "127.0.0.1:70000"),
        ("EXO_ROUTER_ADDR", "localhost"),
        ("EXO_DOMAIN", "app..localhost"),
        ("EXO_DOMAIN", "app_1.localhost"),
        ("EXO_DOMAIN", ""),
        ("EXO_DOMAIN", "a.\(String(repeating: "x", count: 64))"),
        ("EXO_PUBLIC_API_URL", "api.example.com"),
        ("EXO_CONTAINER_PORTS", "31000"),
        ("EXO_CONTAINER_PORTS", "32000-31000"),
        ("EXO_CONTAINER_PORTS", "a-b"),
        ("EXO_CONTAINER_PORTS", "80-90"),
        ("EXO_CONTAINER_PORTS", "60000-70000"),
        ("EXO_BOOT_TIMEOUT", "soon"),
        ("EXO_BOOT_TIMEOUT", "0"),
        ("EXO_BOOT_TIMEOUT", "-5"),
        ("EXO_BOOT_TIMEOUT", "inf"),
        ("EXO_OPEN_REGISTRATION", "maybe"),
        ("EXO_SUPERVISE_ROUTER", ""),
        ("EXO_DATA_DIR", ""),
    ])
    func aBadValueIsRejectedNamingTheVariable(_ variable: String, _ value: String) throws {
        let error = #expect(throws: ExoError.self) {
            try PlatformConfiguration.fromEnvironment([variable: value])
        }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == variable)
        #expect(error?.message.contains(variable) == true)
    }

    @Test func aRelativeDataDirIsResolvedAgainstTheWorkingDirectory() {
        #expect(PlatformConfiguration(dataDir: "/srv/exo").absoluteDataDir == "/srv/exo")
        let relative = PlatformConfiguration(dataDir: "data").absoluteDataDir
        #expect(relative.hasPrefix("/") && relative.hasSuffix("/data"))
    }
}

/// Hostnames are ASCII letters, digits and inner hyphens (RFC 952/1123); the router compares Host
/// headers byte for byte, so a domain outside that can never be served.
struct PlatformDomainTests {
    @Test(arguments: ["-app.localhost", "app-.localhost", "exämple.com", "app.localhost²"])
    func aDomainOutsideASCIILettersDigitsAndInnerHyphensIsRejected(_ domain: String) {
        let error = #expect(throws: ExoError.self) { try PlatformConfiguration.fromEnvironment(["EXO_DOMAIN": domain]) }
        #expect(error?.field == "EXO_DOMAIN")
    }
}

/// exod parses the addresses with ExoNet's `SocketAddress`, which wants IPv6 hosts in brackets;
/// validation should refuse what would only fail at startup, naming the variable.
struct PlatformAddressTests {
    @Test func aBracketedIPv6AddressIsAccepted() throws {
        #expect(try PlatformConfiguration.fromEnvironment(["EXO_API_ADDR": "[::1]:8000"]).apiAddress == "[::1]:8000")
    }

    @Test(arguments: ["::1:8000", "fe80::1:8000"])
    func anUnbracketedIPv6AddressIsRejectedNamingTheVariable(_ address: String) {
        let error = #expect(throws: ExoError.self) { try PlatformConfiguration.fromEnvironment(["EXO_API_ADDR": address]) }
        #expect(error?.field == "EXO_API_ADDR")
    }
}

/// The router's own tunables reach exo-router through exod: exod keeps every `EXO_ROUTER_*` setting
/// of its environment (and nothing else) to hand on.
struct PlatformRouterEnvironmentTests {
    @Test func onlyRouterVariablesAreKeptForTheRouter() throws {
        let config = try PlatformConfiguration.fromEnvironment([
            "EXO_ROUTER_READ_TIMEOUT": "7", "EXO_ROUTER_THREADS": "1", "EXO_DOMAIN": "example.test", "PATH": "/bin",
        ])
        #expect(config.routerEnvironment == ["EXO_ROUTER_READ_TIMEOUT": "7", "EXO_ROUTER_THREADS": "1"])
    }
}
