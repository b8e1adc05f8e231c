/// Stand-in until ExoNet's HTTPClient lands.
struct HTTPRouteSource: RouteSource {
    let url: String
    let token: String?
    func fetch(since version: Int) throws -> RouteTableDocument { throw RouterError("HTTPClient not available yet") }
}
