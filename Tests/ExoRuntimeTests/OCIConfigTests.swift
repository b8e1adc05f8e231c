import ExoRuntime
import Testing

struct OCIConfigTests {
    let spec = ContainerSpec(
        id: "web-1", bundleDir: "/b", args: ["/usr/bin/python3", "app.py"], env: ["PORT": "5000", "A": "1"],
        cwd: "/srv/www", uid: 1000, gid: 1000, memoryLimitBytes: 128 << 20, pidsLimit: 64,
        mounts: [Mount.bind("/data/app", at: "/srv/www", readOnly: false)])

    @Test func processIsUnprivilegedWithTheExactEnvironment() {
        let config = OCIConfig.make(for: spec, cgroupParent: "exo")
        #expect(config.process.env == ["A=1", "PORT=5000"])
        #expect(config.process.user.uid == 1000 && config.process.user.gid == 1000)
        let caps = config.process.capabilities
        #expect((caps.bounding + caps.effective + caps.permitted + caps.inheritable + caps.ambient).isEmpty)
        #expect(config.process.noNewPrivileges)
        #expect(config.hostname == "web-1")
    }

    @Test func limitsNamespacesAndCgroupFollowTheSpec() {
        let config = OCIConfig.make(for: spec, cgroupParent: "exo")
        #expect(config.linux.resources.memory.limit == 128 << 20 && config.linux.resources.memory.swap == 128 << 20)
        #expect(config.linux.resources.pids.limit == 64)
        #expect(config.linux.cgroupsPath == "/exo/web-1")
        #expect(config.linux.namespaces.map(\.type) == ["pid", "mount", "ipc", "uts"])  // no network: host netns
        #expect(config.root.path == "rootfs" && config.root.readonly)
    }

    @Test func stackIsReadOnlyAndCallerMountsComeLast() {
        let mounts = OCIConfig.make(for: spec, cgroupParent: "exo").mounts
        let usr = mounts.first { $0.destination == "/usr" }
        #expect(usr?.options.contains("ro") == true && usr?.options.contains("nosuid") == true)
        #expect(mounts.first { $0.destination == "/tmp" }?.type == "tmpfs")
        #expect(mounts.last == Mount.bind("/data/app", at: "/srv/www", readOnly: false))
    }

    @Test func containerIDsThatCouldEscapeAPathAreRejected() {
        #expect(ContainerSpec.isValidID("dep1a2b3c4d-web-1"))
        for bad in ["", "../x", "a/b", ".hidden", "a b", String(repeating: "a", count: 129)] {
            #expect(!ContainerSpec.isValidID(bad), "\(bad)")
        }
    }
}

struct LineSplitterTests {
    @Test func splitsOnNewlinesAcrossChunksAndKeepsTheUnterminatedTail() {
        var splitter = LineSplitter()
        #expect(splitter.feed(Array("one\ntw".utf8)) == ["one"])
        #expect(splitter.feed(Array("o\n\nthr".utf8)) == ["two", ""])
        #expect(splitter.finish() == "thr")
        #expect(splitter.finish() == nil)
    }

    @Test func overlongLinesAreCut() {
        var splitter = LineSplitter(maxLength: 4)
        #expect(splitter.feed(Array("abcdefg\n".utf8)) == ["abcd", "efg"])
    }
}
