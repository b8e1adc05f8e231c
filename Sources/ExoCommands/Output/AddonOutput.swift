import Foundation

/// cctrl's add-on and config output (`cctrl/output.py`), from JSON values as the API sent them.
enum AddonOutput {
    /// `print_addons`: the catalogue.
    static func catalogue(_ offers: [[String: Any]]) -> String {
        var out = ""
        for offer in offers {
            out += "\nAddon: \(offer["name"] as? String ?? "")\n"
            for option in offer["options"] as? [[String: Any]] ?? [] {
                out += "   \(option["name"] as? String ?? "")\n"
            }
        }
        return out
    }

    /// `print_addon_details`.
    static func details(_ addon: [String: Any]) -> String {
        let option = (addon["addon_option"] as? [String: Any])?["name"] as? String ?? ""
        var out = PyFormat.left("Addon", 25) + ": " + option + "\n"
        let settings = addon["settings"] as? [String: Any] ?? [:]
        if !settings.isEmpty {
            out += "   \n Settings\n"
            for key in settings.keys.sorted() {
                out += "   " + PyFormat.left(key, 25) + ": " + PythonText.str(settings[key] as Any) + "\n"
            }
        }
        return out
    }

    /// `print_addon_list`: each add-on followed by Python's `print('\n')`, two line ends.
    static func list(_ addons: [[String: Any]]) -> String {
        addons.map { details($0) + "\n\n" }.joined()
    }

    /// `print_addon_creds`: upper-cased option prefix → settings, empty ones skipped, as
    /// `json.dumps(indent=4, sort_keys=True)`; the format of `$CRED_FILE`.
    static func credentials(_ addons: [[String: Any]]) -> String {
        var document: [String: Any] = [:]
        for addon in addons {
            guard let settings = addon["settings"] as? [String: Any], !settings.isEmpty else { continue }
            let name = (addon["addon_option"] as? [String: Any])?["name"] as? String ?? ""
            document[String(name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").uppercased()] = settings
        }
        return PythonText.jsonDumps(document, indent: 4) + "\n"
    }

    /// `print_config`: all variables as sorted `KEY=<shell-quoted value>` lines.
    static func configList(_ vars: [String: Any]) -> String {
        vars.keys.sorted().map { "\($0)=\(PythonText.shellQuote(vars[$0] as? String ?? ""))\n" }.joined()
    }
}

/// Python's text renderings the original client's output depends on.
enum PythonText {
    /// `pipes.quote` / `shlex.quote`.
    static func shellQuote(_ text: String) -> String {
        guard !text.isEmpty else { return "''" }
        let safe = text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "@%_-+=:,./".unicodeScalars.contains(scalar))
        }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }

    /// `str(value)` for JSON values: strings as they are, objects as Python dict reprs.
    static func str(_ value: Any) -> String {
        if let text = value as? String { return text }
        return repr(value)
    }

    static func repr(_ value: Any) -> String {
        switch value {
        case let text as String:
            var out = "'"
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default:
                    if scalar.value < 0x20 || scalar.value == 0x7F {
                        out += String(format: "\\x%02x", scalar.value)
                    } else {
                        out.unicodeScalars.append(scalar)
                    }
                }
            }
            return out + "'"
        case let table as [String: Any]:
            return "{" + table.keys.sorted().map { repr($0) + ": " + repr(table[$0] as Any) }.joined(separator: ", ") + "}"
        case let list as [Any]:
            return "[" + list.map(repr).joined(separator: ", ") + "]"
        case is NSNull:
            return "None"
        default:
            return "\(value)"
        }
    }

    /// `json.dumps(value, indent=…, sort_keys=True)` with Python's default `ensure_ascii`.
    static func jsonDumps(_ value: Any, indent: Int, level: Int = 0) -> String {
        let pad = String(repeating: " ", count: indent * (level + 1))
        let close = String(repeating: " ", count: indent * level)
        switch value {
        case let text as String:
            return jsonString(text)
        case let table as [String: Any]:
            guard !table.isEmpty else { return "{}" }
            let items = table.keys.sorted().map { pad + jsonString($0) + ": " + jsonDumps(table[$0] as Any, indent: indent, level: level + 1) }
            return "{\n" + items.joined(separator: ",\n") + "\n" + close + "}"
        case let list as [Any]:
            guard !list.isEmpty else { return "[]" }
            return "[\n" + list.map { pad + jsonDumps($0, indent: indent, level: level + 1) }.joined(separator: ",\n") + "\n" + close + "]"
        case is NSNull:
            return "null"
        default:
            return "\(value)"
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20...0x7E: out.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: out += String(format: "\\u%04x", unit)
            }
        }
        return out + "\""
    }
}
