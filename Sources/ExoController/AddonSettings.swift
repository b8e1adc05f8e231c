import ExoCore
import Foundation

/// One setting of an add-on: a credential string (`MYSQLS_HOSTNAME: "…"`) or, for the config
/// add-on, the table of config vars (`CONFIG_VARS: {K: V}`).
public enum AddonSettingValue: Sendable, Equatable, Codable {
    case text(String)
    case table([String: String])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .table(try container.decode([String: String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .table(let table): try container.encode(table)
        }
    }
}

/// The settings of a booked add-on, as stored (JSON text) and shown (`addon`, `$CRED_FILE`).
/// Strings travel through JSON untouched, so values come back byte for byte.
public struct AddonSettings: Sendable, Equatable {
    public var values: [String: AddonSettingValue]

    public init(_ values: [String: AddonSettingValue] = [:]) { self.values = values }

    public init(json: String) throws(ExoError) {
        do {
            values = try JSONDecoder().decode([String: AddonSettingValue].self, from: Data(json.utf8))
        } catch {
            throw .internalError("The add-on settings are unreadable.", cause: "\(error)")
        }
    }

    public var json: String { String(decoding: Self.encode(values, pretty: false), as: UTF8.self) }

    /// The config add-on's variables (empty for other add-ons).
    public var configVars: [String: String] {
        if case .table(let table)? = values[ConfigVars.settingsKey] { return table }
        return [:]
    }

    static func encode<T: Encodable>(_ value: T, pretty: Bool) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        // Only strings and tables of strings: encoding cannot fail.
        return Array((try? encoder.encode(value)) ?? Data("{}".utf8))
    }
}
