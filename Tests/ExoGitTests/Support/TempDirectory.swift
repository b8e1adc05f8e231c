import ExoSystem
import Foundation

/// A fresh directory under /tmp, removed when the test drops it.
final class TempDirectory: Sendable {
    let path: String

    init() throws {
        var template = Array("/tmp/exo-git-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw SystemError("mkdtemp") }
        path = String(cString: made)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ relative: String) -> String { path + "/" + relative }
}
