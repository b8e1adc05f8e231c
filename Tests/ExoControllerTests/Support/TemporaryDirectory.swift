import Foundation

/// A fresh directory under /tmp for one test; removed by `remove()` (call it in a `defer`).
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "exo-ctrltests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
