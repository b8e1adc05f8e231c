import ExoRuntime
import ExoSystem
import FoundationEssentials
import Glibc
import Testing

/// These drive the real /usr/sbin/runc and need root, like exod.
@Suite(.serialized) struct RuncRuntimeTests {
    let python = "/usr/bin/python3"

    @Test func exitCodeAndBothOutputStreamsArePropagated() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let script = "import sys; print('to stdout'); print('to stderr', file=sys.stderr); sys.stdout.write('no newline'); sys.exit(7)"
        let (container, output) = try fixture.start(fixture.spec(fixture.newID("exit"), args: [python, "-c", script]))
        #expect(fixture.wait(container).status == .exited(7))
        #expect(!container.oomKilled)
        #expect(output.texts(.stdout) == ["to stdout", "no newline"])
        #expect(output.texts(.stderr) == ["to stderr"])
    }

    @Test func httpServerInsideAnswersOnTheHostLoopback() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let app = try fixture.appDir(files: ["index.html": "hello from the container\n"])
        let port = try freeLoopbackPort()
        let spec = fixture.spec(fixture.newID("http"),
            args: [python, "-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", "/srv/www"],
            mounts: [Mount.bind(app, at: "/srv/www", readOnly: false)])
        let (container, _) = try fixture.start(spec)
        var body: String?
        for _ in 0..<100 where body == nil {
            body = try? Command.run(["curl", "-sf", "--max-time", "2", "http://127.0.0.1:\(port)/index.html"]).stdout
            if body == nil { usleep(100_000) }
        }
        #expect(body == "hello from the container\n")
        // Read from /proc through the container's cgroup: what a failed deploy names as "listens on port N instead".
        #expect(fixture.runtime.listeningPorts(id: spec.id) == [port])
        #expect(fixture.runtime.listeningPorts(id: "no-such-container") == nil)
        // The app is PID 1 of its namespace: without a handler it ignores SIGTERM, only SIGKILL is sure.
        try fixture.runtime.kill(id: spec.id, signal: SIGKILL)
        #expect(fixture.wait(container).status == .exited(128 + SIGKILL))
    }

    @Test func rootAndStackAreReadOnlyWhileAppDirAndTmpAreWritable() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let app = try fixture.appDir()
        let script = """
            import os
            for d in ['/', '/usr', '/etc', '/srv/www', '/tmp']:
                try:
                    open(os.path.join(d, 'probe'), 'w').write('x'); print(d, 'writable')
                except OSError as e:
                    print(d, os.strerror(e.errno))
            s = open('/proc/self/status').read().splitlines()
            print(*[l.replace('\\t', ' ') for l in s if l.split(':')[0] in ('Uid', 'CapEff', 'NoNewPrivs', 'Seccomp')], sep='\\n')
            print('tmp mode', oct(os.stat('/tmp').st_mode & 0o7777))
            """
        let spec = fixture.spec(fixture.newID("fs"), args: [python, "-c", script],
                                mounts: [Mount.bind(app, at: "/srv/www", readOnly: false)])
        let (container, output) = try fixture.start(spec)
        #expect(fixture.wait(container).status == .exited(0))
        let lines = output.texts(.stdout)
        for readOnly in ["/", "/usr", "/etc"] { #expect(lines.contains("\(readOnly) Read-only file system"), "\(lines)") }
        #expect(lines.contains("/srv/www writable") && lines.contains("/tmp writable"), "\(lines)")
        #expect(lines.contains("Uid: 65534 65534 65534 65534"))
        #expect(lines.contains("CapEff: 0000000000000000"))
        #expect(lines.contains("NoNewPrivs: 1") && lines.contains("Seccomp: 2"))
        #expect(lines.contains("tmp mode 0o1777"))
        #expect(Files.exists(app + "/probe"))
    }

    @Test func memoryHogIsOOMKilledAndReported() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let script = "chunks = []\nfor i in range(30):\n chunks.append(bytearray(10 * 1024 * 1024))\nprint('survived')"
        let (container, output) = try fixture.start(
            fixture.spec(fixture.newID("oom"), args: [python, "-c", script], memoryMB: 128))
        let outcome = fixture.wait(container)
        #expect(outcome.oomKilled)
        #expect(outcome.status == .exited(137))
        #expect(!output.texts(.stdout).contains("survived"))
    }

    @Test func environmentIsExactlyTheSpecs() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        setenv("EXO_HOST_SECRET", "leak", 1)
        defer { unsetenv("EXO_HOST_SECRET") }
        let env = ["PATH": "/usr/bin", "HOME": "/srv/www", "PORT": "5000", "ONLY": "these"]
        // env(1), not Python: Python adds LC_CTYPE itself when no locale is set.
        let (container, output) = try fixture.start(fixture.spec(fixture.newID("env"), args: ["/usr/bin/env"], env: env))
        #expect(fixture.wait(container).status == .exited(0))
        #expect(output.texts(.stdout).sorted() == env.map { "\($0.key)=\($0.value)" }.sorted())
    }

    @Test func killThenDeleteLeavesNoRuncStateOrCgroups() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let id = fixture.newID("kill")
        let (container, _) = try fixture.start(fixture.spec(id, args: [python, "-c", "import time; print('up', flush=True); time.sleep(60)"]))
        let cgroupDirs = fixture.runtime.cgroups.directories(for: fixture.runtime.cgroupPath(id: id))
        var listed: [String] = []
        for _ in 0..<50 where !listed.contains(id) {
            listed = try fixture.runtime.list()
            if !listed.contains(id) { usleep(100_000) }
        }
        #expect(listed.contains(id))
        #expect(Files.isDirectory("/sys/fs/cgroup/pids/exo/\(id)") || Files.isDirectory("/sys/fs/cgroup/exo/\(id)"))
        try fixture.runtime.kill(id: id, signal: SIGKILL)
        #expect(fixture.wait(container).status == .exited(128 + SIGKILL))
        try fixture.runtime.delete(id: id)
        try fixture.runtime.delete(id: id)  // idempotent
        #expect(try !fixture.runtime.list().contains(id))
        #expect(!Files.exists(fixture.runtime.client.root + "/" + id))
        for dir in cgroupDirs { #expect(!Files.exists(dir), "\(dir)") }
    }

    @Test func withSignalForwardingSIGTERMStopsAnAppThatHasNoHandler() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let id = fixture.newID("term")
        var spec = fixture.spec(id, args: [python, "-c", "import time; print('up', flush=True); time.sleep(60)"])
        spec.forwardSignals = true
        let (container, output) = try fixture.start(spec)
        for _ in 0..<100 where output.texts(.stdout).isEmpty { usleep(50_000) }
        try fixture.runtime.kill(id: id, signal: SIGTERM)
        let started = Date.now
        #expect(fixture.wait(container, within: 20).status == .exited(128 + SIGTERM))
        #expect(Date.now.timeIntervalSince(started) < 5)
    }

    @Test func withSignalForwardingExitCodeAndEnvironmentAreTheApps() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        // With LANG set, Python adds no LC_CTYPE of its own.
        let env = ["PATH": "/usr/bin", "HOME": "/srv/www", "PORT": "5000", "LANG": "C.UTF-8"]
        let script = "import os, sys\nfor k in sorted(os.environ): print(k + '=' + os.environ[k])\nsys.exit(5)"
        var spec = fixture.spec(fixture.newID("fwdenv"), args: [python, "-c", script], env: env)
        spec.forwardSignals = true
        let (container, output) = try fixture.start(spec)
        #expect(fixture.wait(container).status == .exited(5))
        #expect(output.texts(.stdout) == env.map { "\($0.key)=\($0.value)" }.sorted())
    }

    @Test func deleteAndListWorkBeforeAnythingRan() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        #expect(try fixture.runtime.list() == [])
        try fixture.runtime.delete(id: "exotest-never-started")
        #expect(throws: (any Error).self) {
            _ = try fixture.runtime.start(fixture.spec("../escape", args: ["/bin/true"])) { _ in }
        }
    }

    @Test func deletingARunningContainerStopsIt() throws {
        let fixture = try ContainerFixture()
        defer { fixture.cleanup() }
        let id = fixture.newID("del")
        let (container, output) = try fixture.start(fixture.spec(id, args: [python, "-c", "import time; print('up', flush=True); time.sleep(60)"]))
        for _ in 0..<100 where output.texts(.stdout).isEmpty { usleep(50_000) }
        try fixture.runtime.delete(id: id)
        #expect(fixture.wait(container).status == .exited(128 + SIGKILL))
        #expect(try !fixture.runtime.list().contains(id))
    }
}
