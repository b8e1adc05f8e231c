import Testing

/// Issue 3's routing behaviours end to end: real exod and exo-router on temp dirs and free ports,
/// the fixture app pushed with real git, built by the python buildpack, running in real runc
/// containers, and every request sent to the router's port with the app's Host name. One platform
/// and one deploy serve the whole suite (`.routerApp`); the tests live in extensions:
/// RouterTrafficScenarioTests.swift (HTTP semantics, bodies, forwarded headers),
/// RouterHostsScenarioTests.swift (Host matching, WebSockets) and
/// RouterBalancingScenarioTests.swift (round-robin, health checks, route switch, scaling).
@Suite(.serialized, .routerApp)
struct RouterScenarioTests {}
