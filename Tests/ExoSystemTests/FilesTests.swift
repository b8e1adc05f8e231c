import ExoSystem
import Glibc
import Testing

struct FilesTests {
    private func mode(_ path: String) -> UInt32 {
        var info = stat()
        lstat(path, &info)
        return info.st_mode & 0o7777
    }

    @Test func atomicWriteReplacesContentWithModeAndLeavesNoTempFile() throws {
        try withTemporaryDirectory { dir in
            let path = dir + "/token"
            try Files.atomicWrite("first", to: path, mode: 0o600)
            try Files.atomicWrite("second", to: path, mode: 0o600)
            #expect(try Files.readText(path) == "second")
            #expect(mode(path) == 0o600)
            #expect(try Files.listDirectory(dir) == ["token"])
        }
    }

    @Test func atomicWriteIntoAMissingDirectoryFailsWithThePath() throws {
        let error = try #require(throws: SystemError.self) {
            try Files.atomicWrite("x", to: "/nonexistent-exo-dir/file")
        }
        #expect(error.errno == ENOENT)
    }

    @Test func makeDirectoryCreatesParentsWithExactModeIgnoringUmask() throws {
        try withTemporaryDirectory { dir in
            let old = umask(0o077)
            defer { umask(old) }
            try Files.makeDirectory(dir + "/a/b/c", mode: 0o755)
            try Files.makeDirectory(dir + "/a/b/c", mode: 0o755)  // idempotent
            #expect(Files.isDirectory(dir + "/a/b/c"))
            #expect(mode(dir + "/a") == 0o755 && mode(dir + "/a/b/c") == 0o755)
        }
    }

    @Test func removeDeletesTreesWithoutFollowingSymlinks() throws {
        try withTemporaryDirectory { dir in
            try Files.makeDirectory(dir + "/keep")
            try Files.atomicWrite("precious", to: dir + "/keep/file")
            try Files.makeDirectory(dir + "/gone/deep/er")
            try Files.atomicWrite("x", to: dir + "/gone/deep/er/f")
            chmod(dir + "/gone/deep", 0o500)  // read-only dirs from images must not block removal
            symlink(dir + "/keep", dir + "/gone/link")
            try Files.remove(dir + "/gone")
            try Files.remove(dir + "/gone")  // missing is fine
            #expect(!Files.exists(dir + "/gone"))
            #expect(try Files.readText(dir + "/keep/file") == "precious")
        }
    }

    @Test func removeRefusesToDescendIntoAnotherFilesystem() throws {
        try withTemporaryDirectory { dir in
            try Files.makeDirectory(dir + "/bundle/mnt")
            try Command.run(["mount", "-t", "tmpfs", "-o", "size=1m", "exo-test", dir + "/bundle/mnt"])
            defer { _ = try? Command.run(["umount", dir + "/bundle/mnt"]) }
            try Files.atomicWrite("on the other filesystem", to: dir + "/bundle/mnt/file")
            let error = try #require(throws: SystemError.self) { try Files.remove(dir + "/bundle") }
            #expect(error.errno == EXDEV)
            #expect(Files.exists(dir + "/bundle/mnt/file"))
        }
    }

    @Test func copyTreePreservesModesSymlinksAndContent() throws {
        try withTemporaryDirectory { dir in
            try Files.makeDirectory(dir + "/src/bin", mode: 0o750)
            try Files.atomicWrite("#!/bin/sh\n", to: dir + "/src/bin/run", mode: 0o755)
            try Files.atomicWrite("secret", to: dir + "/src/key", mode: 0o600)
            symlink("bin/run", dir + "/src/alias")
            symlink("/nonexistent", dir + "/src/dangling")
            try Files.copyTree(from: dir + "/src", to: dir + "/dst")
            #expect(mode(dir + "/dst/bin") == 0o750)
            #expect(mode(dir + "/dst/bin/run") == 0o755)
            #expect(mode(dir + "/dst/key") == 0o600)
            #expect(try Files.readText(dir + "/dst/key") == "secret")
            #expect(try Files.readLink(dir + "/dst/alias") == "bin/run")
            #expect(try Files.readLink(dir + "/dst/dangling") == "/nonexistent")
        }
    }

    @Test func changeOwnerAppliesToTheWholeTree() throws {
        try withTemporaryDirectory { dir in
            try Files.makeDirectory(dir + "/app/sub")
            try Files.atomicWrite("x", to: dir + "/app/sub/f")
            symlink("/etc/passwd", dir + "/app/link")
            try Files.changeOwner(dir + "/app", uid: 65534, gid: 65534)
            for path in ["/app", "/app/sub", "/app/sub/f", "/app/link"] {
                var info = stat()
                lstat(dir + path, &info)
                #expect(info.st_uid == 65534 && info.st_gid == 65534, "\(path)")
            }
            var passwd = stat()
            stat("/etc/passwd", &passwd)
            #expect(passwd.st_uid == 0)  // the symlink target was not touched
        }
    }
}

struct PathsTests {
    @Test func layoutMatchesTheContract() {
        let paths = Paths(dataDir: "/var/lib/exo/")
        #expect(paths.database == "/var/lib/exo/exo.sqlite")
        #expect(paths.internalToken == "/var/lib/exo/internal-token")
        #expect(paths.repo(app: "hello") == "/var/lib/exo/repos/hello.git")
        #expect(paths.image(app: "hello", dep: "default", sha: "abc") == "/var/lib/exo/images/hello/default/abc.tar.gz")
        #expect(paths.cache(app: "hello", dep: "default") == "/var/lib/exo/cache/hello/default")
        #expect(paths.container(id: "c1") == "/var/lib/exo/containers/c1")
        #expect(paths.runcRoot == "/var/lib/exo/runc")
        #expect(paths.routerState == "/var/lib/exo/router/routes.json")
    }

    @Test func createDirectoriesBuildsTheLayout() throws {
        try withTemporaryDirectory { dir in
            let paths = Paths(dataDir: dir + "/data")
            try Files.makeDirectory(paths.dataDir, mode: 0o755)   // as an older exod left it
            try paths.createDirectories()
            for (path, mode) in paths.directories {
                var info = stat()
                #expect(stat(path, &info) == 0, "\(path)")
                #expect(info.st_mode & 0o7777 == mode, "\(path)")
            }
            var info = stat()
            _ = stat(paths.dataDir, &info)
            #expect(info.st_mode & 0o077 == 0, "others and the group can read the data dir")
        }
    }
}
