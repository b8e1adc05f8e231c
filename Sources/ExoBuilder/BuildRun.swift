import ExoCore
import ExoRuntime
import ExoSystem
import Foundation

/// One build, step by step; `Builder.build` owns cleanup around it.
struct BuildRun {
    let builder: Builder
    let request: BuildRequest
    let scratch: String
    let output: @Sendable (String) -> Void

    func run() throws(ExoError) -> BuildResult {
        let buildDir = request.sourceDir
        try wrapping("preparing the source tree") {
            let removed = try SourcePreparation.applyIgnoreFile(in: buildDir)
            if removed > 0 { output("-----> Applied .cctrlignore (\(removed) path\(removed == 1 ? "" : "s") removed)") }
        }
        var procfile = try SourcePreparation.readProcfile(in: buildDir)
        let source = try BuildpackSource.select(appType: request.appType, buildpackURL: request.buildpackURL,
                                                allowLocal: builder.allowLocalBuildpacks)
        let layout = try prepareScratch(buildDir: buildDir)
        try source.fetch(into: layout.buildpackDir, output: output)

        let step = BuildStep(runtime: builder.runtime, limits: builder.limits, layout: layout,
                             buildID: Files.baseName(of: scratch), containers: builder.containers)
        let detected = try detect(step)
        output("-----> \(detected) app detected")
        try compile(step)
        procfile = try release(step, procfile: procfile)

        try wrapping("installing the launcher") { try Launcher.install(into: buildDir, procfile: procfile) }
        output("-----> Procfile declares types -> " + procfile.processes.map(\.name).joined(separator: ", "))
        output("-----> Building image")
        let size = try ImagePacker.pack(buildDir: buildDir, imagePath: request.imagePath)
        guard size <= builder.limits.maxImageBytes else {
            try? Files.remove(request.imagePath)
            throw .invalid("The image is \(Self.megabytes(size)) MB, more than the limit of "
                + "\(Self.megabytes(builder.limits.maxImageBytes)) MB. Use .cctrlignore to leave out what the app does not need.")
        }
        output("-----> Uploading image (\(Self.megabytes(size)) MB)")
        return BuildResult(imagePath: request.imagePath, compressedSize: size, procfile: procfile)
    }

    /// Scratch dir: the buildpack copy, ENV_DIR, runtime bundles; cache and build dir writable
    /// by the build user.
    private func prepareScratch(buildDir: String) throws(ExoError) -> BuildStep.Layout {
        let layout = BuildStep.Layout(buildDir: buildDir, cacheDir: request.cacheDir, envDir: scratch + "/env",
                                      buildpackDir: scratch + "/buildpack", bundlesDir: scratch + "/bundles")
        try wrapping("preparing the build") {
            try Files.makeDirectory(scratch, mode: 0o755)
            try Files.makeDirectory(layout.envDir, mode: 0o755)
            try Files.makeDirectory(layout.bundlesDir, mode: 0o700)
            try Files.makeDirectory(layout.cacheDir, mode: 0o755)
            for (name, value) in request.environment where Self.isEnvName(name) {
                try Files.atomicWrite(value, to: layout.envDir + "/" + name, mode: 0o644)
            }
            let uid = builder.limits.uid, gid = builder.limits.gid
            try Files.changeOwner(buildDir, uid: uid, gid: gid)
            try Files.changeOwner(layout.cacheDir, uid: uid, gid: gid)
        }
        return layout
    }

    private func detect(_ step: BuildStep) throws(ExoError) -> String {
        let outcome = try step.run("detect", arguments: [BuildStep.buildMount]) { _ in }
        let said = outcome.stdout.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        guard outcome.status.isSuccess, !outcome.timedOut else {
            throw .invalid("This app cannot be built by the \(request.appType) buildpack"
                + (said.isEmpty ? "." : ": \(said)"))
        }
        return said.isEmpty ? request.appType : said
    }

    private func compile(_ step: BuildStep) throws(ExoError) {
        let arguments = [BuildStep.buildMount, BuildStep.cacheMount, BuildStep.envMount]
        let outcome = try step.run("compile", arguments: arguments, mergeStderr: true) { [output] line in
            output(Self.format(line.text))
        }
        if outcome.timedOut {
            throw .invalid("The build took longer than \(Self.seconds(builder.limits.stepTimeoutSeconds)) seconds and was stopped.")
        }
        if outcome.oomKilled {
            throw .invalid("The build ran out of memory (limit \(Self.megabytes(builder.limits.memoryBytes)) MB).")
        }
        guard outcome.status.isSuccess else {
            throw .invalid("The buildpack's compile step failed (\(outcome.status)).")
        }
    }

    /// Adds the buildpack's default process types the Procfile does not declare itself.
    private func release(_ step: BuildStep, procfile: Procfile) throws(ExoError) -> Procfile {
        guard Files.exists(step.layout.buildpackDir + "/bin/release") else { return procfile }
        let outcome = try step.run("release", arguments: [BuildStep.buildMount]) { _ in }
        guard outcome.status.isSuccess, !outcome.timedOut else {
            throw .invalid("The buildpack's release step failed (\(outcome.status)).")
        }
        var merged = procfile
        for entry in ReleaseInfo.parse(outcome.stdout.joined(separator: "\n")).defaultProcessTypes
        where merged.command(for: entry.name) == nil {
            merged.processes.append(entry)
        }
        return merged
    }

    /// Buildpacks format their own headings; plain lines (pip, compilers) get the detail indent.
    static func format(_ line: String) -> String {
        if line.isEmpty || line.hasPrefix("-----> ") || line.hasPrefix("       ") || line.hasPrefix(" !     ") { return line }
        return "       " + line
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f", Double(bytes) / 1_048_576)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    static func isEnvName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else { return false }
        return name.utf8.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F
        }
    }

    private func wrapping(_ what: String, _ body: () throws -> Void) throws(ExoError) {
        do { try body() } catch let error as ExoError { throw error } catch {
            throw .internalError("The build failed while \(what).", cause: "\(error)")
        }
    }
}
