import Foundation
import ExoSystem
import ExoWire
import Glibc

/// token.json and user.cfg in the CLI home directory (cctrl's `auth.py` file handling).
struct TokenStore {
    let config: CLIConfig

    /// The saved token, or nil when there is none or it does not parse.
    func read() -> WireToken? {
        guard let bytes = try? Files.read(config.tokenPath) else { return nil }
        return try? WireJSON.decode(WireToken.self, from: bytes)
    }

    /// Saves the token (0600: it is a credential).
    func write(_ token: WireToken) throws {
        try ensureHome()
        try Files.atomicWrite(WireJSON.encode(token), to: config.tokenPath, mode: 0o600)
    }

    func delete() {
        if Files.exists(config.tokenPath) { try? Files.remove(config.tokenPath) }
    }

    /// The email remembered in user.cfg (`[user] email = …`).
    func savedEmail() -> String? {
        guard let text = try? Files.readText(config.userConfigPath) else { return nil }
        var inUser = false
        for rawLine in text.split(separator: "\n") {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") { inUser = line == "[user]"; continue }
            guard inUser, let equals = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            if line[..<equals].trimmingCharacters(in: .whitespaces) == "email" {
                let value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }

    func saveEmail(_ email: String) throws {
        try ensureHome()
        try Files.atomicWrite("[user]\nemail = \(email)\n\n", to: config.userConfigPath, mode: 0o600)
    }

    private func ensureHome() throws {
        if Files.isDirectory(config.homePath) { return }
        if Files.exists(config.homePath) {
            throw CLIError.message("Error: \(config.homePath) is a file, not a directory.")
        }
        try Files.makeDirectory(config.homePath, mode: 0o700)
    }
}
