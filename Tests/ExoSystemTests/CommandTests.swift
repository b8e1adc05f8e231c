import ExoSystem
import Testing

struct CommandTests {
    @Test func capturesStdoutAndStderrSeparately() throws {
        let out = try Command.run(["/bin/sh", "-c", "echo out; echo err >&2"])
        #expect(out.stdout == "out\n")
        #expect(out.stderr == "err\n")
    }

    @Test func nonZeroExitThrowsProcessFailureWithArgvStatusAndStderr() throws {
        let argv = ["/bin/sh", "-c", "echo partial; echo 'it broke' >&2; exit 4"]
        let failure = try #require(throws: ProcessFailure.self) { try Command.run(argv) }
        #expect(failure.argv == argv)
        #expect(failure.status == 4)
        #expect(failure.stderr == "it broke\n")
        #expect(failure.description.contains("it broke"))
    }

    @Test func signalDeathIsAFailureWith128PlusSignal() throws {
        let failure = try #require(throws: ProcessFailure.self) { try Command.run(["/bin/sh", "-c", "kill -9 $$"]) }
        #expect(failure.status == 137)
    }

    @Test func largeInputIsFedWhileOutputIsDrained() throws {
        let input = [UInt8]((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 % 251) })
        let result = try Command.runCapturing(["/bin/cat"], input: input)
        #expect(result.status == .exited(0))
        #expect(result.stdout == input)
    }

    @Test func defaultEnvironmentIsMinimal() throws {
        let out = try Command.run(["/usr/bin/env"])
        #expect(Set(out.stdout.split(separator: "\n").map(String.init))
            == ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"])
    }
}
