import ExoSystem
import Foundation

/// The built `exo-git-shell`, next to the test bundle in the build directory (`swift test`
/// builds every product of the package first).
enum HookBinary {
    static var path: String? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        var dir = Files.parentDirectory(of: exe)
        // The bundle may be a directory (`….xctest/`) on some layouts; walk up a little.
        for _ in 0..<3 {
            let candidate = dir + "/exo-git-shell"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = Files.parentDirectory(of: dir)
        }
        return nil
    }
}
