/// cctrl's add-on and config messages (`cctrl/error.py`).
extension Messages {
    static let wrongAddon = "This addon is unknown for this app_name/deployment_name."
    static let duplicateAddon = "You can not add the same addon option twice."
    static let invalidAddon = "This is not a valid addon name. Check the list of available addons with exoapp app_name/deployment_name addon.list ."
    static let forbiddenAddon = "You are not allowed to perform this action.\nIf you are trying to use a Beta addon, you can request access from the addon page."
    static let noVariablesGiven = "You must provide some variables."
    static let duplicatedFlag = "Please, specify a flag only once."
    static let noConfigVars = "[ERROR] No configuration variables for this deployment."
    static func keyNotFound(_ key: String) -> String { "[ERROR] Key `\(key)` not found." }
    static func overwriteQuestion(_ serverMessage: String) -> String {
        "\(serverMessage) Do you really want to overwrite it? Type \"Yes\" without the quotes to proceed: "
    }
}

/// cctrl's alias messages (`cctrl/error.py`).
extension Messages {
    static let noAliasGiven = "You have to specify an alias."
    static let wrongAlias = "This alias is unknown."
}
