import Foundation

/// Writing files so that readers only ever see the old or the complete new content: write to a
/// temporary file beside the target, flush it, then rename it into place.
public enum AtomicFile {
    /// Writes `data` to `url` atomically, creating the parent folder if needed.
    public static func write(_ data: Data, to url: URL) throws {
        try ZooPaths.ensureDirectory(url.deletingLastPathComponent())
        let temporary = temporaryURL(for: url)
        do {
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
                throw ZooError("Cannot write \(url.path).", hint: "check that the folder is writable and the disk is not full")
            }
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            try replace(url, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            if let zooError = error as? ZooError { throw zooError }
            throw ZooError("Cannot write \(url.path): \(error.localizedDescription)",
                           hint: "check that the folder is writable and the disk is not full")
        }
    }

    /// Writes UTF-8 text atomically.
    public static func write(_ text: String, to url: URL) throws {
        try write(Data(text.utf8), to: url)
    }

    /// A unique temporary path in the same folder as `url` (so the final rename stays on one filesystem).
    public static func temporaryURL(for url: URL) -> URL {
        url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Atomically moves `temporary` over `destination` (POSIX rename semantics).
    public static func replace(_ destination: URL, with temporary: URL) throws {
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            throw ZooError("Cannot move \(temporary.lastPathComponent) into place at \(destination.path): \(reason).",
                           hint: "check permissions on \(destination.deletingLastPathComponent().path)")
        }
    }
}
