import Testing
import ExoCore

struct IgnoreRulesTests {
    @Test func patternWithoutSlashMatchesAtAnyDepth() {
        let rules = IgnoreRules(parsing: "*.pyc\nnode_modules\n")
        #expect(rules.isIgnored("a.pyc", isDirectory: false))
        #expect(rules.isIgnored("pkg/sub/a.pyc", isDirectory: false))
        #expect(rules.isIgnored("node_modules", isDirectory: true))
        #expect(rules.isIgnored("web/node_modules/x/index.js", isDirectory: false))
        #expect(!rules.isIgnored("a.py", isDirectory: false))
        #expect(!rules.isIgnored("my_node_modules", isDirectory: true))
    }

    @Test func leadingSlashAnchorsToTheRoot() {
        let rules = IgnoreRules(parsing: "/build\n")
        #expect(rules.isIgnored("build", isDirectory: true))
        #expect(rules.isIgnored("build/out.o", isDirectory: false))
        #expect(!rules.isIgnored("src/build", isDirectory: true))
    }

    @Test func innerSlashAlsoAnchors() {
        let rules = IgnoreRules(parsing: "docs/*.md\n")
        #expect(rules.isIgnored("docs/a.md", isDirectory: false))
        #expect(!rules.isIgnored("x/docs/a.md", isDirectory: false))
        #expect(!rules.isIgnored("docs/sub/a.md", isDirectory: false))
    }

    @Test func trailingSlashMatchesDirectoriesOnly() {
        let rules = IgnoreRules(parsing: "logs/\n")
        #expect(rules.isIgnored("logs", isDirectory: true))
        #expect(rules.isIgnored("logs/today.txt", isDirectory: false))
        #expect(rules.isIgnored("a/logs/today.txt", isDirectory: false))
        #expect(!rules.isIgnored("logs", isDirectory: false))
    }

    @Test func doubleStarSpansDirectories() {
        let rules = IgnoreRules(parsing: "**/tmp\na/**/z.txt\nvendor/**\n")
        #expect(rules.isIgnored("tmp", isDirectory: true))
        #expect(rules.isIgnored("x/y/tmp", isDirectory: false))
        #expect(rules.isIgnored("a/z.txt", isDirectory: false))
        #expect(rules.isIgnored("a/b/c/z.txt", isDirectory: false))
        #expect(!rules.isIgnored("b/z.txt", isDirectory: false))
        #expect(rules.isIgnored("vendor/lib/x.js", isDirectory: false))
        #expect(!rules.isIgnored("vendor", isDirectory: true))
    }

    @Test func questionMarkAndCharacterClasses() {
        let rules = IgnoreRules(parsing: "file?.txt\n[abc]*.log\nv[0-9].bin\nx[!0-9]\n")
        #expect(rules.isIgnored("file1.txt", isDirectory: false))
        #expect(!rules.isIgnored("file10.txt", isDirectory: false))
        #expect(rules.isIgnored("b-server.log", isDirectory: false))
        #expect(!rules.isIgnored("d.log", isDirectory: false))
        #expect(rules.isIgnored("v7.bin", isDirectory: false))
        #expect(!rules.isIgnored("vx.bin", isDirectory: false))
        #expect(rules.isIgnored("xa", isDirectory: false))
        #expect(!rules.isIgnored("x1", isDirectory: false))
    }

    @Test func starDoesNotCrossSlashes() {
        let rules = IgnoreRules(parsing: "/a*b\n")
        #expect(rules.isIgnored("axxb", isDirectory: false))
        #expect(!rules.isIgnored("ax/xb", isDirectory: false))
    }

    @Test func commentsBlankLinesCRLFNegationAndEscapes() {
        let rules = IgnoreRules(parsing: "# comment\r\n\r\n!keep.txt\r\n\\#hash\r\nspace\\ \r\ntrailing   \r\n")
        #expect(!rules.isIgnored("# comment", isDirectory: false))
        #expect(!rules.isIgnored("keep.txt", isDirectory: false))
        #expect(!rules.isIgnored("!keep.txt", isDirectory: false))
        #expect(rules.isIgnored("#hash", isDirectory: false))
        #expect(rules.isIgnored("space ", isDirectory: false))
        #expect(rules.isIgnored("trailing", isDirectory: false))
    }

    @Test func emptyRulesIgnoreNothing() {
        let rules = IgnoreRules(parsing: "\n# only a comment\n")
        #expect(rules.isEmpty)
        #expect(!rules.isIgnored("anything", isDirectory: false))
    }

    @Test func normalizesDotAndSlashPrefixes() {
        let rules = IgnoreRules(parsing: "/build\n")
        #expect(rules.isIgnored("./build/x", isDirectory: false))
        #expect(rules.isIgnored("/build", isDirectory: true))
    }
}
