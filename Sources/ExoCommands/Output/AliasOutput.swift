/// cctrl's alias output (`print_alias_list`, `print_alias_details` in `cctrl/output.py`), from
/// JSON values as the API sent them.
enum AliasOutput {
    /// `' {0:60} {1:8} {2:8}'.format(name, is_default, is_verified)`: Python formats a bool with a
    /// width as the number 1 or 0, right-aligned.
    static func list(_ aliases: [[String: Any]]) -> String {
        var out = "Aliases\n " + PyFormat.left("name", 60) + " " + PyFormat.left("default", 8) + " " + PyFormat.left("verified", 8) + "\n"
        for alias in aliases {
            out += " " + PyFormat.left(alias["name"] as? String ?? "", 60)
                + " " + PyFormat.right(flag(alias["is_default"]) ? 1 : 0, 8)
                + " " + PyFormat.right(flag(alias["is_verified"]) ? 1 : 0, 8) + "\n"
        }
        return out
    }

    /// `print_alias_details`: the flags through `str()`, so `True`/`False`.
    static func details(_ alias: [String: Any]) -> String {
        var out = PyFormat.left("Alias", 28) + ": " + (alias["name"] as? String ?? "") + "\n"
        let fields: [(String, String)] = [
            ("is_default", flag(alias["is_default"]) ? "True" : "False"),
            ("is_verified", flag(alias["is_verified"]) ? "True" : "False"),
            ("verification_errors", PythonText.str(alias["verification_errors"] ?? "")),
            ("verification_code", PythonText.str(alias["verification_code"] ?? "")),
            ("date_created", PythonText.str(alias["date_created"] ?? "")),
            ("date_modified", PythonText.str(alias["date_modified"] ?? "")),
        ]
        for (name, value) in fields { out += "   " + PyFormat.left(name, 25) + ": " + value + "\n" }
        return out
    }

    private static func flag(_ value: Any?) -> Bool { (value as? Bool) ?? false }
}
