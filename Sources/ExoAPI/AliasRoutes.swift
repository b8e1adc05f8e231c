import ExoController
import ExoCore
import ExoWire

/// `/app/{app}/deployment/{dep}/alias/…`: thin adapters over `AliasService` (spec §2.3, the
/// Alias object of §2.5).
enum AliasRoutes {
    static func register(into router: inout APIRouter, aliases: AliasService) {
        router.add("GET", "/app/{app}/deployment/{dep}/alias/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(try aliases.list(app: request.parameter("app"), deployment: request.parameter("dep"), by: principal)
                .map(wire))
        }
        router.add("POST", "/app/{app}/deployment/{dep}/alias/") { request, authenticate in
            let principal = try authenticate(request)
            let created = try aliases.add(app: request.parameter("app"), deployment: request.parameter("dep"),
                                          alias: try request.required("name"), by: principal)
            return .json(wire(created), status: 201)
        }
        router.add("GET", "/app/{app}/deployment/{dep}/alias/{alias}/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(wire(try aliases.alias(app: request.parameter("app"), deployment: request.parameter("dep"),
                                                alias: request.parameter("alias"), by: principal)))
        }
        router.add("DELETE", "/app/{app}/deployment/{dep}/alias/{alias}/") { request, authenticate in
            try aliases.remove(app: request.parameter("app"), deployment: request.parameter("dep"),
                               alias: request.parameter("alias"), by: try authenticate(request))
            return .noContent
        }
    }

    static func wire(_ alias: AliasView) -> WireAlias {
        WireAlias(name: alias.name, is_default: alias.isDefault, is_verified: alias.isVerified,
                  verification_errors: alias.verificationErrors, verification_code: alias.verificationCode,
                  date_created: WireDate.string(from: alias.dateCreated), date_modified: WireDate.string(from: alias.dateModified))
    }
}

/// `{name, is_default, is_verified, verification_errors, verification_code, date_created, date_modified}`.
struct WireAlias: Encodable {
    var name: String
    var is_default: Bool
    var is_verified: Bool
    var verification_errors: Int
    var verification_code: String
    var date_created: String
    var date_modified: String
}
