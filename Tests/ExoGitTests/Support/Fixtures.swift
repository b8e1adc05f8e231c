/// Files under Tests/Fixtures/ExoGit.
enum Fixtures {
    static func path(_ name: String) -> String {
        // …/Tests/ExoGitTests/Support/Fixtures.swift → …/Tests/Fixtures/ExoGit/name
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/Fixtures/ExoGit/" + name
    }
}
