import ExoSystem
import Foundation

/// A temp dir removed when the test's scope ends.
final class TemporaryDirectory: Sendable {
    typealias Path = String
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "exo-builder-test-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else { throw SystemError("mkdtemp") }
        path = String(cString: created)
    }

    deinit { try? Files.remove(path) }
}

enum Checkout {
    /// The repository root, found from this file's location.
    static let root: String = {
        var path = #filePath
        for _ in 0..<3 { path = Files.parentDirectory(of: path) }
        return path
    }()

    static func example(_ name: String) -> String { root + "/Examples/" + name }
    static func fixture(_ name: String) -> String { root + "/Tests/Fixtures/ExoBuilder/" + name }
}

/// Writes `files` (relative path → content) under `root`, creating parent dirs.
func writeTree(_ files: [String: String], under root: String) throws {
    for (relative, content) in files {
        let path = root + "/" + relative
        try Files.makeDirectory(Files.parentDirectory(of: path), mode: 0o755)
        try Files.atomicWrite(content, to: path, mode: 0o644)
    }
}
