@testable import ExoLogs
import Testing

struct SyslogConfigParserTests {
    @Test func readsTheSpecExampleAsATLSRequestForTCP() throws {
        let config = try SyslogConfigParser.parse("""
            $DefaultNetstreamDriverCAFile /app/CUSTOM_CERTIFICATE_PATH
            $ActionSendStreamDriver gtls
            $ActionSendStreamDriverMode 1
            $ActionSendStreamDriverAuthMode x509/name
            $template CustomFormat, "%syslogtag%%msg%\\n"
            *.* @@logs.example.com:6514;CustomFormat
            """)
        let action = try #require(config.actions.first)
        #expect(config.actions.count == 1)
        #expect(action.target == SyslogTarget(host: "logs.example.com", port: 6514, transport: .tcp))
        #expect(action.tlsRequested)
        #expect(action.template == "CustomFormat")
        #expect(action.line == 6)
        #expect(config.ignored.isEmpty)
    }

    @Test func readsPlainTCPAndUDPActionsWithAddressForms() throws {
        let config = try SyslogConfigParser.parse("""
            # comment
            $template CustomFormat, "%syslogtag%%msg%\\n"

            *.* @@127.0.0.1:5140;CustomFormat\r
            *.* @[::1]:514
            *.* @@(o)logs.example.com
            user.* @@[2001:db8::1]
            """)
        #expect(config.actions.map(\.target) == [
            SyslogTarget(host: "127.0.0.1", port: 5140, transport: .tcp),
            SyslogTarget(host: "::1", port: 514, transport: .udp),
            SyslogTarget(host: "logs.example.com", port: 514, transport: .tcp),
            SyslogTarget(host: "2001:db8::1", port: 514, transport: .tcp),
        ])
        #expect(config.actions.allSatisfy { !$0.tlsRequested })
        #expect(config.actions.map(\.line) == [4, 5, 6, 7])
    }

    @Test func readsAMultiLineOmfwdAction() throws {
        let config = try SyslogConfigParser.parse("""
            *.* action(type="omfwd"
                       target="10.0.0.5" port="1514"
                       protocol="tcp" template="RSYSLOG_SyslogProtocol23Format")
            action(type="omfwd" target="logs.example.com" StreamDriver="gtls" StreamDriverMode="1" protocol="tcp")
            """)
        #expect(config.actions.map(\.target) == [
            SyslogTarget(host: "10.0.0.5", port: 1514, transport: .tcp),
            SyslogTarget(host: "logs.example.com", port: 514, transport: .tcp),
        ])
        #expect(config.actions.map(\.tlsRequested) == [false, true])
        #expect(config.actions.map(\.line) == [1, 4])
    }

    @Test(arguments: [
        ("*.* @@host:99999", "line 1: the port \"99999\" is not a number from 1 to 65535."),
        ("*.* @@host:", "line 1: the port \"\" is not a number from 1 to 65535."),
        ("\n*.* @@host:51x", "line 2: the port \"51x\" is not a number from 1 to 65535."),
        ("*.* @@::1:514", "line 1: write IPv6 addresses in brackets, e.g. @@[::1]:514."),
        ("# only a comment\n$template T, \"%msg%\"", "no forwarding action found; add a line such as *.* @@HOST:PORT (TCP)."),
        ("", "no forwarding action found; add a line such as *.* @@HOST:PORT (TCP)."),
        ("*.* /var/log/messages", "line 1: \"*.* /var/log/messages\" is not a forwarding action; write *.* @@HOST:PORT (TCP) or *.* @HOST:PORT (UDP)."),
        ("*.* @@h:1;Missing", "line 1: the template Missing is not defined."),
        ("*.bogus @@h:1", "line 1: \"bogus\" is not a syslog priority (emerg … debug, * or none)."),
        ("*.* @@ho st:1", "line 1: \"ho st\" is not a host name or IP address."),
        ("*.* action(type=\"omfile\" file=\"/x\")", "line 1: only action(type=\"omfwd\" …) is supported."),
    ])
    func namesTheLineAndWhatIsWrong(text: String, message: String) {
        #expect(throws: SyslogConfigError(message)) { try SyslogConfigParser.parse(text) }
    }

    @Test func notesDirectivesThatHaveNoEffect() throws {
        let config = try SyslogConfigParser.parse("$ActionQueueType LinkedList\n$RepeatedMsgReduction on\n*.* @@h:1")
        #expect(config.ignored == ["line 2: $RepeatedMsgReduction has no effect in exo"])
    }

    @Test func selectorsFilterBySeverityForFacilityUser() throws {
        func selector(_ text: String) throws -> SyslogSelector {
            try #require(SyslogConfigParser.parse("\(text) @@h:1").actions.first).selector
        }
        let errors = try selector("user.err")
        #expect(errors.matches(severity: 3) && errors.matches(severity: 0) && !errors.matches(severity: 6))
        let exactlyInfo = try selector("*.=info")
        #expect(exactlyInfo.matches(severity: 6) && !exactlyInfo.matches(severity: 3))
        #expect(!(try selector("*.*;user.none")).matchesAnything)
        #expect(!(try selector("mail.*")).matchesAnything)
        #expect((try selector("mail.*;user.info")).matches(severity: 6))
    }
}
