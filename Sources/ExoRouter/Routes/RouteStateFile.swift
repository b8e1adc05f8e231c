import ExoSystem

/// The last route table received, kept on disk so a restarted router serves while exod is down.
struct RouteStateFile: Sendable {
    let path: String

    func load() -> RouteTableDocument? {
        guard let bytes = readSmallFile(path) else { return nil }
        return try? RouteTableDocument.decode(bytes)
    }

    func save(_ document: RouteTableDocument) throws {
        try Files.makeDirectory(Files.parentDirectory(of: path))
        try Files.atomicWrite(document.encoded(), to: path, mode: 0o600)
    }
}
