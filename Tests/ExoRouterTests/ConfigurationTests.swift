import ExoRouter
import Testing

struct ConfigurationTests {
    @Test func defaultsApplyWithAnEmptyEnvironment() throws {
        let config = try RouterConfiguration.load(environment: [:])
        #expect(config.listen == HostPort(host: "127.0.0.1", port: 8080))
        #expect(config.threads >= 1)
        #expect(config.timeouts.connect == 20)
        #expect(config.timeouts.read == 55)
        #expect(config.routesURL == nil)
    }

    @Test func badValuesAreRefusedNamingTheVariable() {
        let cases: [[String: String]] = [
            ["EXO_ROUTER_ADDR": "nonsense"],
            ["EXO_ROUTER_ADDR": "127.0.0.1:99999"],
            ["EXO_ROUTER_THREADS": "zero"],
            ["EXO_ROUTER_THREADS": "0"],
            ["EXO_ROUTER_ROUTES_URL": "https://x/internal/routes"],
            ["EXO_INTERNAL_TOKEN_FILE": "/nonexistent/token"],
            ["EXO_ROUTER_READ_TIMEOUT": "-1"],
        ]
        for environment in cases {
            #expect(throws: RouterError.self, "\(environment)") { try RouterConfiguration.load(environment: environment) }
            do { _ = try RouterConfiguration.load(environment: environment) } catch {
                #expect(error.message.contains(environment.keys.first!), "\(error.message)")
            }
        }
    }

    @Test func hostNamesNormalizeCasePortAndOneTrailingDot() {
        #expect(HostName.normalize("Hello.App.Localhost:8080") == "hello.app.localhost")
        #expect(HostName.normalize("hello.app.localhost.") == "hello.app.localhost")
        #expect(HostName.normalize("hello.app.localhost..") == "hello.app.localhost.")
        #expect(HostName.normalize("[::1]:80") == "[::1]")
        #expect(HostName.normalize("") == nil)
        #expect(HostName.normalize("a b") == nil)
        #expect(HostName.normalize("host:abc") == nil)
    }

    @Test func wildcardAliasMatchesSubdomainsButNotTheBareDomain() {
        let table = RouteTable(RouteTableDocument(version: 1, routes: [
            .init(hosts: ["*.example.com"], deployment: "a/default", backends: ["127.0.0.1:1"]),
            .init(hosts: ["exact.example.com"], deployment: "b/default", backends: ["127.0.0.1:2"]),
        ]))
        #expect(table.target(for: "x.example.com")?.deployment == "a/default")
        #expect(table.target(for: "y.x.example.com")?.deployment == "a/default")
        #expect(table.target(for: "exact.example.com")?.deployment == "b/default")
        #expect(table.target(for: "example.com") == nil)
    }
}
