import Foundation
import ZooCore

/// Copying and hashing files in one pass with a fixed buffer, so memory stays flat for any size.
enum FileCopy {
    static let chunkSize = 1 << 20
    /// The most one `write` call hands the kernel. Larger writes make the page cache use larger
    /// folios, whose high-order allocations are the first to come from memory a virtual machine
    /// has handed back to its host: there, a gigabyte written in 1 MiB writes took 2–4× the
    /// system time of the same gigabyte in 16 KiB writes (`bench/registry/run`, docs/PERFORMANCE.md);
    /// elsewhere the smaller writes cost a few more system calls. curl writes 4–16 KiB at a time.
    static let writeSize = 16 << 10

    /// Copies `source` to `destination` (created or truncated) and returns the content's digest and size.
    static func copy(_ source: URL, to destination: URL) throws -> (digest: SHA256Digest, size: Int64) {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            throw ZooError("Cannot read \(source.path): \(String(cString: strerror(errno))).",
                           hint: "check that the file exists and is readable", exitCode: ZooError.Code.notFound)
        }
        defer { close(input) }
        try ZooPaths.ensureDirectory(destination.deletingLastPathComponent())
        let output = open(destination.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw ZooError("Cannot write \(destination.path): \(String(cString: strerror(errno))).",
                           hint: "check that the folder is writable and the disk is not full")
        }
        defer { close(output) }
        var hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(input, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw ZooError("Error reading \(source.path): \(String(cString: strerror(errno))).")
            }
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            try writeAll(output, chunk, path: destination.path)
        }
        guard fsync(output) == 0 else {
            throw ZooError("Cannot flush \(destination.path): \(String(cString: strerror(errno))).",
                           hint: "check that the disk is not full")
        }
        return (hasher.finalize(), hasher.count)
    }

    /// Writes all of `bytes` to `descriptor` in `writeSize` pieces, retrying short writes; a clear
    /// error on failure (disk full…).
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = write(descriptor, bytes.baseAddress! + offset, min(bytes.count - offset, writeSize))
            if written < 0 {
                if errno == EINTR { continue }
                let code = errno
                throw ZooError("Cannot write \(path): \(String(cString: strerror(code))).",
                               hint: code == ENOSPC || code == EDQUOT ? "free some disk space and try again"
                                                                    : "check that the folder is writable")
            }
            offset += written
        }
    }

    /// Removes `url` (file or folder) by first renaming it into `trash` so it vanishes atomically.
    static func removeAtomically(_ url: URL, trash: URL) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: url.path) else { return }
        try ZooPaths.ensureDirectory(trash)
        let doomed = trash.appendingPathComponent("removed-\(UUID().uuidString)")
        guard rename(url.path, doomed.path) == 0 else {
            throw ZooError("Cannot remove \(url.path): \(String(cString: strerror(errno))).",
                           hint: "check permissions on \(url.deletingLastPathComponent().path)")
        }
        try? fm.removeItem(at: doomed)
    }
}
