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
