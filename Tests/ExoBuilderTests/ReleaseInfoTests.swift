@testable import ExoBuilder
import ExoCore
import Testing

struct ReleaseInfoTests {
    @Test func readsDefaultProcessTypesFromAnIndentedBlock() {
        let info = ReleaseInfo.parse("""
            ---
            addons:
              - heroku-postgresql
            config_vars:
              LANG: en_US.UTF-8
            default_process_types:
              web: gunicorn app:app --bind 0.0.0.0:$PORT
              worker: "python worker.py"
            """)
        #expect(info.defaultProcessTypes == [
            Procfile.Entry(name: "web", command: "gunicorn app:app --bind 0.0.0.0:$PORT"),
            Procfile.Entry(name: "worker", command: "python worker.py"),
        ])
    }

    @Test func emptyFlowMappingMeansNoDefaults() {
        let info = ReleaseInfo.parse("---\naddons: []\ndefault_process_types: {}\n")
        #expect(info.defaultProcessTypes.isEmpty)
    }

    @Test func ignoresNestedKeysOfOtherSections() {
        let info = ReleaseInfo.parse("config_vars:\n  web: not a process\ndefault_process_types:\r\n  web: ruby app.rb\r\n")
        #expect(info.defaultProcessTypes == [Procfile.Entry(name: "web", command: "ruby app.rb")])
    }

    @Test func singleQuotedCommandsUnescapeDoubledQuotes() {
        let info = ReleaseInfo.parse("default_process_types:\n  web: 'echo ''hi'''\n")
        #expect(info.defaultProcessTypes.first?.command == "echo 'hi'")
    }
}
