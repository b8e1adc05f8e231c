import Foundation

/// A fresh directory under /tmp for one test; removed by `remove()` (call it in a `defer`).
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "exo-ctrltests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Retries briefly: a container being stopped on a background thread may still be removing
    /// its own directory inside, which makes a concurrent recursive removal fail part-way.
    func remove() {
        for _ in 0..<50 {
            try? FileManager.default.removeItem(atPath: path)
            if !FileManager.default.fileExists(atPath: path) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
}
