import ExoRouter
import Glibc
import Synchronization

/// An in-memory route source with long-poll semantics: `fetch` waits (up to `window`) for a
/// version newer than the caller's, like exod's `/internal/routes?since=N`.
final class TestRouteSource: RouteSource {
    private let state: Mutex<(document: RouteTableDocument, down: Bool)>
    private let window: Double

    init(_ document: RouteTableDocument, window: Double = 2) {
        state = Mutex((document, false))
        self.window = window
    }

    func publish(_ routes: [RouteTableDocument.Route]) {
        state.withLock { $0.document = RouteTableDocument(version: $0.document.version + 1, routes: routes) }
    }

    /// Replaces the table as a restarted exod would: versions start again from `version`.
    func restart(at version: Int, _ routes: [RouteTableDocument.Route]) {
        state.withLock { $0.document = RouteTableDocument(version: version, routes: routes) }
    }

    /// Makes every fetch fail, as if exod were down.
    func setDown(_ down: Bool) { state.withLock { $0.down = down } }

    func fetch(since version: Int) throws -> RouteTableDocument {
        var waited = 0.0
        while true {
            let (document, down) = state.withLock { ($0.document, $0.down) }
            if down { throw TestFailure("route source down") }
            if document.version != version || waited >= window { return document }
            usleep(10_000)
            waited += 0.01
        }
    }
}
