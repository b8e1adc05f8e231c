import Dispatch
import ExoRuntime
import ExoSystem
import FoundationEssentials
import Glibc
import Testing

/// Containers that outlive their owner: output through files, exit status through the shim,
/// adoption by a second owner. Real runc, root needed.
@Suite(.serialized) struct DetachedContainerTests {
    let python = "/usr/bin/python3"

    private func startDetached(_ fixture: ContainerFixture, _ spec: ContainerSpec, files: ContainerFiles)
        throws -> (RunningContainer, OutputCollector) {
        let collector = OutputCollector()
        let container = try fixture.runtime.startDetached(spec, files: files) { collector.append($0) }
        let runtime = fixture.runtime
        fixture.onCleanup { try? runtime.kill(id: spec.id, signal: SIGKILL); _ = fixture.wait(container, within: 10) }
        return (container, collector)
    }

    @Test func exitCodeAndOutputArriveThroughTheFiles() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let files = ContainerFiles(directory: fixture.dir + "/files-exit")
        let script = "import sys; print('to stdout'); print('to stderr', file=sys.stderr); sys.stdout.write('no newline'); sys.exit(7)"
        let (container, output) = try startDetached(fixture, fixture.spec(fixture.newID("dexit"), args: [python, "-c", script]),
                                                    files: files)
        #expect(fixture.wait(container).status == .exited(7))
        #expect(output.texts(.stdout) == ["to stdout", "no newline"])
        #expect(output.texts(.stderr) == ["to stderr"])
        #expect(try Files.readText(files.exitStatus) == "7\n")
    }

    @Test func theShimIsInItsOwnSessionSoTheContainerDoesNotDependOnItsStarter() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let files = ContainerFiles(directory: fixture.dir + "/files-session")
        let spec = fixture.spec(fixture.newID("dsession"), args: ["/bin/sleep", "30"])
        let (container, _) = try startDetached(fixture, spec, files: files)
        try Self.eventually { (try? fixture.runtime.client.state(id: spec.id).status) == "running" }
        let shimPID = try #require(Self.shimPID(files))
        let shim = try #require(ProcessIdentity.of(pid: shimPID))
        #expect(getsid(shim.pid) == shim.pid)
        #expect(getsid(shim.pid) != getsid(0))
        try fixture.runtime.kill(id: spec.id, signal: SIGKILL)
        #expect(fixture.wait(container).status == .exited(137))
        #expect(!shim.isAlive)
    }

    @Test func aSecondOwnerAdoptsTheRunningContainerResumingItsOutputAndSeeingItsExit() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let files = ContainerFiles(directory: fixture.dir + "/files-adopt")
        let script = """
            import os, sys, time
            print('before', flush=True)
            while not os.path.exists('/srv/www/go'):
                time.sleep(0.05)
            print('after adoption', flush=True)
            sys.exit(5)
            """
        let app = try fixture.appDir()
        let spec = fixture.spec(fixture.newID("dadopt"), args: [python, "-c", script],
                                mounts: [Mount.bind(app, at: "/srv/www", readOnly: false)])
        let (first, firstOutput) = try startDetached(fixture, spec, files: files)
        try Self.eventually { firstOutput.texts(.stdout) == ["before"] }
        // The stored offset is past "before": the adopter does not deliver it again.
        try Self.eventually { StoredOffsetsProbe.stdout(files) == 7 }

        let adopted = OutputCollector()
        let second = try #require(fixture.runtime.attach(id: spec.id, files: files) { adopted.append($0) })
        try Files.atomicWrite("go", to: app + "/go", mode: 0o644)
        #expect(fixture.wait(second).status == .exited(5))
        #expect(adopted.texts(.stdout) == ["after adoption"])
        #expect(fixture.wait(first).status == .exited(5))
        #expect(fixture.runtime.attach(id: spec.id, files: files) { _ in } == nil)
    }

    @Test func aContainerThatEndedWhileNobodyFollowedItHasItsRemainingOutputCollected() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let files = ContainerFiles(directory: fixture.dir + "/files-ended")
        let script = """
            import os, sys, time
            print('before', flush=True)
            while not os.path.exists('/srv/www/go'):
                time.sleep(0.05)
            print('while away', flush=True)
            print('last words', file=sys.stderr, flush=True)
            sys.exit(4)
            """
        let app = try fixture.appDir()
        let spec = fixture.spec(fixture.newID("dended"), args: [python, "-c", script],
                                mounts: [Mount.bind(app, at: "/srv/www", readOnly: false)])
        // The first owner stops taking output after "before", as an exod that is gone would: its
        // follower hangs in the delivery of the next line and stores no further offsets.
        let frozen = DispatchSemaphore(value: 0)
        let first = OutputCollector()
        let container = try fixture.runtime.startDetached(spec, files: files) { line in
            guard line.text == "before" else { frozen.wait(); return }
            first.append(line)
        }
        fixture.onCleanup {
            for _ in 0..<10 { frozen.signal() }
            _ = fixture.wait(container, within: 10)
        }
        try Self.eventually { first.texts(.stdout) == ["before"] && StoredOffsetsProbe.stdout(files) == 7 }
        try Files.atomicWrite("go", to: app + "/go", mode: 0o644)
        try Self.eventually { files.recordedExit() != nil }

        let later = OutputCollector()
        let outcome = fixture.runtime.collectEnded(id: spec.id, files: files) { later.append($0) }
        #expect(outcome == RunningContainer.Outcome(status: .exited(4), oomKilled: false))
        #expect(later.texts(.stdout) == ["while away"])
        #expect(later.texts(.stderr) == ["last words"])
        #expect(try !fixture.runtime.list().contains(spec.id))
    }

    static func shimPID(_ files: ContainerFiles) -> Int32? {
        (try? Files.readText(files.shim))?.split(separator: " ").first.flatMap { Int32($0) }
    }

    static func eventually(seconds: Double = 10, _ condition: () -> Bool) throws {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while !condition() {
            guard Date() < deadline else { throw SystemError("condition not met in \(seconds) s", errno: ETIMEDOUT) }
            usleep(20_000)
        }
    }
}

enum StoredOffsetsProbe {
    static func stdout(_ files: ContainerFiles) -> Int64? {
        (try? Files.readText(files.offsets))?.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.flatMap { Int64($0) }
    }
}
