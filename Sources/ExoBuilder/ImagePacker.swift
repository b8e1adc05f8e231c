import ExoCore
import ExoSystem
import Foundation

/// Images are gzip-compressed tarballs of the built app dir, made and unpacked by `tar` (argv
/// only). Owners are stored as 0 so an image does not depend on the build user; whoever
/// extracts it decides who owns the copy.
enum ImagePacker {
    /// Packs `buildDir`'s contents into `imagePath` (written via a temp file, then renamed);
    /// returns the compressed size.
    static func pack(buildDir: String, imagePath: String) throws(ExoError) -> Int {
        let temporary = imagePath + ".partial"
        do {
            try Files.makeDirectory(Files.parentDirectory(of: imagePath), mode: 0o755)
            try Command.run(["tar", "--create", "--gzip", "--file", temporary,
                             "--numeric-owner", "--owner=0", "--group=0",
                             "--directory", buildDir, "."])
            let size = try fileSize(temporary)
            try rename(temporary, to: imagePath)
            return size
        } catch {
            try? Files.remove(temporary)
            throw .internalError("Building the image failed.", cause: "\(error)")
        }
    }

    static func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    private static func rename(_ source: String, to destination: String) throws {
        if Files.exists(destination) { try Files.remove(destination) }
        try FileManager.default.moveItem(atPath: source, toPath: destination)
    }
}

/// Unpacks images for the runtime: each container gets a fresh, writable copy.
public enum ImageUnpacker {
    /// Extracts `image` into `directory` (created if missing). With `owner`, every extracted
    /// entry is then owned by that uid/gid (the container's user), otherwise by the caller.
    public static func extract(image: String, into directory: String, owner: (uid: UInt32, gid: UInt32)? = nil) throws(ExoError) {
        do {
            try Files.makeDirectory(directory, mode: 0o755)
            try Command.run(["tar", "--extract", "--gzip", "--file", image, "--directory", directory,
                             "--no-same-owner", "--preserve-permissions"])
            if let owner { try Files.changeOwner(directory, uid: owner.uid, gid: owner.gid) }
        } catch {
            throw .internalError("The image could not be unpacked.", cause: "\(error)")
        }
    }
}

extension ImageUnpacker {
    /// The text of one regular file of `image` (`path` relative to the app root), read with
    /// `tar --to-stdout`: nil when the image has no such regular file (symlinks and directories
    /// have no content, so nothing outside the image can be read this way). Throws when the file
    /// is larger than `maxBytes` or tar fails otherwise.
    public static func readFile(image: String, path: String, maxBytes: Int) throws(ExoError) -> [UInt8]? {
        let argv = ["tar", "--extract", "--gzip", "--to-stdout", "--file", image, "--occurrence=1", "--", "./" + path]
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(argv, environment: Command.defaultEnvironment)
        } catch {
            throw .internalError("The image could not be read.", cause: "\(error)")
        }
        var bytes: [UInt8] = []
        var tooLarge = false
        while let chunk = try? child.readStdout() {
            bytes += chunk
            if bytes.count > maxBytes {
                tooLarge = true
                child.signal(SIGKILL)
                break
            }
        }
        let errors = (try? child.readAllStderr()) ?? []
        let status = child.wait()
        if tooLarge { throw .invalid("The file is larger than \(maxBytes) bytes.") }
        if status.isSuccess { return bytes }
        if String(decoding: errors, as: UTF8.self).contains("Not found in archive") { return nil }
        throw .internalError("The image could not be read.", cause: "\(argv): \(status): \(String(decoding: errors, as: UTF8.self))")
    }
}
