@testable import ExoBuilder
import ExoCore
import ExoSystem
import Foundation
import Testing

/// The build container's bounds: time, memory, and the order of what the pusher sees.
@Suite(.serialized)
struct BuildLimitTests {
    private func build(mode: String, limits: BuildLimits, harness: BuildHarness) throws -> (BuildRequest, Result<BuildResult, ExoError>) {
        let url = try harness.gitRepository(copying: Checkout.fixture("misbehaving-buildpack"))
        let source = try harness.source(files: ["Procfile": "web: ./run\n"])
        let request = try harness.request(appType: "custom", buildpackURL: url, sourceDir: source, environment: ["MODE": mode])
        return (request, Result { () throws(ExoError) in try harness.build(request, limits: limits) })
    }

    @Test func aCompileOverTheTimeLimitIsKilledAndRejected() throws {
        let harness = try BuildHarness()
        let started = Date()
        let (request, result) = try build(mode: "sleep", limits: BuildLimits(stepTimeoutSeconds: 1.5), harness: harness)
        #expect(throws: ExoError.invalid("The build took longer than 1.5 seconds and was stopped.")) { try result.get() }
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(!Files.exists(request.imagePath))
        #expect(try harness.runtime.list().isEmpty)
        #expect(try Files.listDirectory(harness.paths.builds).isEmpty)
    }

    @Test func aCompileOverTheMemoryLimitIsRejectedAsOutOfMemory() throws {
        let harness = try BuildHarness()
        let (_, result) = try build(mode: "eat", limits: BuildLimits(memoryBytes: 96 << 20, tmpBytes: 16 << 20), harness: harness)
        #expect(throws: ExoError.invalid("The build ran out of memory (limit 96.0 MB).")) { try result.get() }
    }

    @Test func stdoutAndStderrOfCompileArriveInWriteOrder() throws {
        let harness = try BuildHarness()
        let (_, result) = try build(mode: "order", limits: BuildLimits(), harness: harness)
        _ = try result.get()
        let lines = harness.output.filter { $0.contains("to std") }
        #expect(lines == ["       to stdout 1", "       to stderr 2", "       to stdout 3"])
    }
}
