import ExoRuntime
import ExoSystem
import Glibc
import Testing

struct ProcessIdentityTests {
    @Test func aRunningProcessIsAliveAndAReapedOneIsNot() throws {
        let me = try #require(ProcessIdentity.of(pid: getpid()))
        #expect(me.isAlive)
        #expect(!ProcessIdentity(pid: me.pid, startTime: me.startTime + 1).isAlive)
        let child = try ChildProcess.spawn(["/bin/true"], environment: Command.defaultEnvironment)
        _ = child.wait()
        #expect(ProcessIdentity.of(pid: child.pid) == nil)
    }

    @Test func aZombieIsNotAlive() throws {
        let child = try ChildProcess.spawn(["/bin/true"], environment: Command.defaultEnvironment)
        // Exited but not reaped yet: a zombie.
        usleep(300_000)
        #expect(ProcessIdentity.of(pid: child.pid) == nil)
        _ = child.wait()
    }
}
