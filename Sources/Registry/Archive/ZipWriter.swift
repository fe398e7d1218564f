import CArchive
import Foundation
import ZooCore

/// Writes a zip of files (stored, not compressed: model weights do not compress) with libarchive,
/// streaming each file through a fixed buffer. Used for the version-as-zip endpoint.
public enum ZipWriter {
    /// Writes `files` (path inside the zip → file on disk) to `output` atomically.
    public static func write(_ files: [(path: String, source: URL)], to output: URL) throws {
        try ZooPaths.ensureDirectory(output.deletingLastPathComponent())
        let temporary = AtomicFile.temporaryURL(for: output)
        do {
            try writeUnsafe(files, to: temporary)
            try AtomicFile.replace(output, with: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    private static func writeUnsafe(_ files: [(path: String, source: URL)], to output: URL) throws {
        guard let writer = archive_write_new() else { throw ZooError("libarchive could not start.") }
        defer { archive_write_free(writer) }
        archive_write_set_format_zip(writer)
        archive_write_set_format_option(writer, "zip", "compression", "store")
        guard archive_write_open_filename(writer, output.path) == ARCHIVE_OK else {
            throw ZooError("Cannot write \(output.path): \(message(writer)).")
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: FileCopy.chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        for (path, source) in files {
            let input = open(source.path, O_RDONLY | O_CLOEXEC)
            guard input >= 0 else { throw ZooError("Cannot read \(source.path): \(String(cString: strerror(errno))).") }
            defer { close(input) }
            var info = stat()
            fstat(input, &info)
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname_utf8(entry, path)
            archive_entry_set_size(entry, la_int64_t(info.st_size))
            archive_entry_set_filetype(entry, 0o100000)
            archive_entry_set_perm(entry, 0o644)
            archive_entry_set_mtime(entry, info.st_mtim.tv_sec, 0)
            guard archive_write_header(writer, entry) == ARCHIVE_OK else {
                throw ZooError("Cannot add \(path) to the zip: \(message(writer)).")
            }
            while true {
                let count = read(input, buffer.baseAddress, buffer.count)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                guard archive_write_data(writer, buffer.baseAddress, count) == count else {
                    throw ZooError("Cannot write the zip \(output.path): \(message(writer)).", hint: "check that the disk is not full")
                }
            }
        }
        guard archive_write_close(writer) == ARCHIVE_OK else {
            throw ZooError("Cannot finish the zip \(output.path): \(message(writer)).", hint: "check that the disk is not full")
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
