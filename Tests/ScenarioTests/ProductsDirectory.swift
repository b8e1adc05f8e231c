import ExoSystem
import Foundation

/// Where `swift build` put the executables under test: next to the test bundle.
enum ProductsDirectory {
    static let path: String = {
        let exe = (try? Files.readLink("/proc/self/exe")) ?? ""
        return Files.parentDirectory(of: exe)
    }()

    static func executable(_ name: String) -> String { path + "/" + name }

    /// The repository checkout (for fixtures and examples).
    static let repository: String = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        dir.deleteLastPathComponent()
        dir.deleteLastPathComponent()
        return dir.path
    }()

    static func fixture(_ relative: String) -> String { repository + "/Tests/Fixtures/" + relative }
    static func example(_ name: String) -> String { repository + "/Examples/" + name }
}
