import ExoController
import ExoCore
import ExoStore
import ExoWire

/// `/addon/` (the catalogue, no token needed) and `/app/{app}/deployment/{dep}/addon/…`: thin
/// adapters over `AddonService` (spec §2.3, objects of §2.5).
enum AddonRoutes {
    static func register(into router: inout APIRouter, addons: AddonService) {
        router.add("GET", "/addon/") { _, _ in
            .json(AddonService.catalogue.map { offer in
                WireAddonOffer(name: offer.name, stage: offer.stage, options: offer.options.map(WireAddonOption.init))
            })
        }
        router.add("GET", "/app/{app}/deployment/{dep}/addon/") { request, authenticate in
            let principal = try authenticate(request)
            let list = try addons.list(app: request.parameter("app"), deployment: request.parameter("dep"), by: principal)
            return .json(try list.map(wire))
        }
        router.add("POST", "/app/{app}/deployment/{dep}/addon/") { request, authenticate in
            let principal = try authenticate(request)
            let record = try addons.add(app: request.parameter("app"), deployment: request.parameter("dep"),
                                        addon: try request.required("addon"),
                                        options: request.fields["options"].flatMap { $0.isEmpty ? nil : $0 }, by: principal)
            return .json(try wire(record), status: 201)
        }
        router.add("GET", "/app/{app}/deployment/{dep}/addon/{addon}/") { request, authenticate in
            let principal = try authenticate(request)
            return .json(try wire(try addons.addon(app: request.parameter("app"), deployment: request.parameter("dep"),
                                                   addon: request.parameter("addon"), by: principal)))
        }
        router.add("PUT", "/app/{app}/deployment/{dep}/addon/{addon}/") { request, authenticate in
            let principal = try authenticate(request)
            let force = ["true", "1", "yes"].contains((request.fields["force"] ?? "").lowercased())
            let record = try addons.update(app: request.parameter("app"), deployment: request.parameter("dep"),
                                           addon: request.parameter("addon"), target: request.fields["addon"],
                                           settings: request.fields["settings"], force: force, by: principal)
            return .json(try wire(record))
        }
        router.add("DELETE", "/app/{app}/deployment/{dep}/addon/{addon}/") { request, authenticate in
            try addons.remove(app: request.parameter("app"), deployment: request.parameter("dep"),
                              addon: request.parameter("addon"), by: try authenticate(request))
            return .noContent
        }
    }

    static func wire(_ record: AddonRecord) throws(ExoError) -> WireAddon {
        WireAddon(addon_option: WireAddonOption(name: record.name), settings: try AddonSettings(json: record.settings).values)
    }
}

/// `{addon_option: {name, thirty_days_price, price_is_per_box}, settings: {…}}` (spec §2.5).
struct WireAddon: Encodable {
    var addon_option: WireAddonOption
    var settings: [String: AddonSettingValue]
}

struct WireAddonOption: Encodable {
    var name: String
    var thirty_days_price = 0
    var price_is_per_box = false

    init(name: String) { self.name = name }
}

struct WireAddonOffer: Encodable {
    var name: String
    var stage: String
    var options: [WireAddonOption]
}
