import ExoNet
import ExoSystem
import Foundation
import Testing

/// Zero-downtime deploys: a load generator runs while v2 replaces v1.
@Suite(.serialized)
struct DeployUnderLoadScenarioTests {
    @Test func deployingANewVersionUnderLoadAnswersEveryRequestAndNeverGoesBack() throws {
        let platform = try ScenarioPlatform()
        defer { platform.stop() }
        let ann = try platform.user("ann")
        try ann.signUp()
        let source = try ann.deploy(example: "python-hello", as: "hello")

        let app = source + "/app.py"
        try Files.atomicWrite(try Files.readText(app).replacingOccurrences(of: "Hello from exo!", with: "Version two!"), to: app)
        try ann.expectOK(ann.git("commit", "-q", "-am", "v2", in: source))
        try ann.expectOK(ann.exoapp("hello", "push", in: source))

        // Two clients hammer the app (new connection each time, like browsers arriving) during the deploy.
        let stop = Locked(false)
        let answers = Locked<[[String]]>([[], []])
        let host = platform.host(app: "hello")
        let loaders = (0..<2).map { index in
            JoinableThread {
                let client = HTTPClient(timeout: 10)
                while !stop.get() {
                    let answer: String
                    if let response = try? client.send(method: "GET", url: "http://127.0.0.1:\(platform.routerPort)/",
                                                       headers: [("Host", host), ("Connection", "close")]) {
                        answer = response.status == 200 ? String(response.text.prefix(12)) : "status \(response.status)"
                    } else {
                        answer = "no response"
                    }
                    answers.withLock { $0[index].append(answer) }
                }
            }
        }
        usleep(300_000)
        let deploy = try ann.exoapp("hello", "deploy")
        usleep(1_500_000)
        stop.set(true)
        loaders.forEach { $0.join() }

        #expect(deploy.status == 0, "\(deploy)")
        for sequence in answers.get() {
            #expect(sequence.count > 10)
            let failures = sequence.filter { !$0.hasPrefix("Hello from") && !$0.hasPrefix("Version two!") }
            #expect(failures.isEmpty, "\(failures.count) failed of \(sequence.count): \(Set(failures))")
            // Once a client saw v2 it never sees v1 again.
            if let firstNew = sequence.firstIndex(where: { $0.hasPrefix("Version two!") }) {
                #expect(!sequence[firstNew...].contains { $0.hasPrefix("Hello from") })
            } else {
                Issue.record("v2 never answered")
            }
        }
    }
}
