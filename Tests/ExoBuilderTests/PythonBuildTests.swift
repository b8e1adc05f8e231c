@testable import ExoBuilder
import ExoCore
import ExoSystem
import Foundation
import Testing

/// End to end with real runc and real pip: build the sample apps, then run their web process
/// from the image exactly as the reconciler will and ask it over HTTP.
@Suite(.serialized)
struct PythonBuildTests {
    @Test func helloBuildsIntoAnImageWhoseWebProcessAnswersAsPID1() throws {
        let harness = try BuildHarness()
        let source = try harness.source(copying: Checkout.example("python-hello"))
        let result = try harness.build(try harness.request(sourceDir: source))

        let output = harness.output
        #expect(output.contains("-----> Python app detected"))
        #expect(output.contains("-----> Using Python 3.11.2 (stack)"))
        #expect(output.contains("-----> Building image"))
        #expect(output.contains { $0.hasPrefix("-----> Uploading image (") && $0.hasSuffix(" MB)") })
        #expect(result.procfile.command(for: "web") == "python app.py")
        #expect(result.compressedSize == (try ImagePacker.fileSize(result.imagePath)))
        #expect(!Files.exists(source), "the source tree is consumed")
        #expect(try Files.listDirectory(harness.paths.builds).isEmpty, "scratch dirs are removed")

        let app = try AppContainer.start(image: result.imagePath, harness: harness)
        let body = try app.get()
        #expect(body.hasPrefix("Hello from exo! (Python 3.11"))
        #expect(try app.initCommandName().hasPrefix("python"), "the app is PID 1, not a shell")
        #expect(app.stop() == .exited(0), "SIGTERM reaches the app's own handler")
        #expect(!(try harness.runtime.list()).contains(app.id))

        let (status, lines) = try AppContainer.runOnce(
            image: result.imagePath, harness: harness,
            command: ["python", "-c", "import os, sys; print(sys.prefix); print(os.getcwd()); print(os.environ['HOME'])"])
        #expect(status == .exited(0))
        #expect(lines == ["/srv/www/.venv", "/srv/www", "/srv"], "one-off commands get the profile.d environment and keep the platform's HOME")
    }

    @Test func flaskInstallsRequirementsWithPipAndServesThroughGunicorn() throws {
        let harness = try BuildHarness()
        let source = try harness.source(copying: Checkout.example("python-flask"))
        let result = try harness.build(try harness.request(sourceDir: source))
        let transcript = harness.transcript
        #expect(transcript.contains("-----> Installing requirements with pip"))
        #expect(transcript.contains("       Successfully installed"))
        #expect(Files.exists(harness.paths.cache(app: "hello", dep: "default") + "/pip"), "pip's cache persists")

        let unpacked = harness.temp + "/unpacked"
        try ImageUnpacker.extract(image: result.imagePath, into: unpacked)
        #expect(!Files.exists(unpacked + "/README.md"), ".cctrlignore applied")
        #expect(Files.exists(unpacked + "/.venv/bin/gunicorn"))
        #expect(try Files.readText(unpacked + "/.profile.d/python.sh").contains("/srv/www/.venv/bin"))
        #expect(try Files.readText(unpacked + "/.exo/processes/web").hasPrefix("gunicorn "))

        let app = try AppContainer.start(image: result.imagePath, harness: harness)
        #expect(try app.get(timeout: 30) == "Hello from Flask on exo!\n")
        #expect(try app.initCommandName().hasPrefix("gunicorn"))
        #expect(app.stop() == .exited(0), "gunicorn exits cleanly on SIGTERM")
    }

    @Test func djangoAppsGetCollectstaticRunDuringTheBuild() throws {
        let harness = try BuildHarness()
        let source = try harness.source(copying: Checkout.fixture("python-django"))
        let result = try harness.build(try harness.request(sourceDir: source, cacheDir: BuildHarness.sharedCache))
        #expect(harness.output.contains("-----> Running: python manage.py collectstatic --noinput"))
        let unpacked = harness.temp + "/unpacked"
        try ImageUnpacker.extract(image: result.imagePath, into: unpacked, owner: (uid: 65534, gid: 65534))
        #expect(try Files.readText(unpacked + "/staticfiles/app.css") == "body { color: teal; }\n")
        let owner = try FileManager.default.attributesOfItem(atPath: unpacked + "/staticfiles/app.css")[.ownerAccountID] as? NSNumber
        #expect(owner?.intValue == 65534, "extracted copies belong to the container user")
    }

    @Test func aRuntimeTxtForAnotherMinorVersionFailsNamingBothVersions() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: [
            "Procfile": "web: python app.py\n", "app.py": "", "runtime.txt": "python-3.12.4\n",
        ])
        let request = try harness.request(sourceDir: source)
        let error = try #require(throws: ExoError.self) { try harness.build(request) }
        #expect(error.message.contains("compile step failed"))
        #expect(harness.transcript.contains("runtime.txt requests Python 3.12.4, but this stack provides Python 3.11.2"))
        #expect(!Files.exists(request.imagePath))
    }

    @Test func aPythonVersionFileForTheStackMinorIsAccepted() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: [
            "Procfile": "web: python app.py\n", "app.py": "", ".python-version": "3.11\n",
        ])
        _ = try harness.build(try harness.request(sourceDir: source))
        #expect(harness.output.contains("-----> Using Python 3.11.2 (stack)"))
    }

    @Test func anImageOverTheSizeLimitIsRejectedWithItsSize() throws {
        let harness = try BuildHarness()
        let source = try harness.source(copying: Checkout.example("python-hello"))
        let request = try harness.request(sourceDir: source)
        let error = try #require(throws: ExoError.self) {
            try harness.build(request, limits: BuildLimits(maxImageBytes: 1024))
        }
        #expect(error.message.hasPrefix("The image is "))
        #expect(error.message.contains("more than the limit of 0.0 MB"))
        #expect(!Files.exists(request.imagePath))
        #expect(!harness.output.contains { $0.hasPrefix("-----> Uploading image") })
    }

    @Test func sourcesThePythonBuildpackDoesNotRecognizeAreRejectedByDetect() throws {
        let harness = try BuildHarness()
        let source = try harness.source(files: ["Procfile": "web: ./server\n", "server": "#!/bin/sh\n"])
        let error = try #require(throws: ExoError.self) { try harness.build(try harness.request(sourceDir: source)) }
        #expect(error.message.contains("cannot be built by the python buildpack"))
        #expect(error.message.contains("no requirements.txt"))
    }
}
