import CArchive
import Foundation
import ZooCore

/// Safe extraction of zip and tar archives (any compression libarchive reads) into a folder.
///
/// An archive is refused as a whole, and what was extracted is removed, when any entry has an
/// absolute path or a `..` component, is a symlink or hard link that points outside the
/// folder, or is a device or pipe. Entries are written only below folders whose real path is
/// inside the destination, so no entry can be written through a link to somewhere else.
public enum ArchiveExtractor {
    /// File name endings handled as archives (`upload-version --source`).
    public static let extensions = [".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst"]

    /// True when `url`'s name ends like an archive.
    public static func isArchive(_ url: URL) -> Bool {
        let name = url.lastPathComponent.lowercased()
        return extensions.contains { name.hasSuffix($0) }
    }

    /// Extracts `archive` into `destination` (created if needed; should be empty) and returns the
    /// relative paths of the regular files extracted, sorted.
    @discardableResult
    public static func extract(_ archive: URL, into destination: URL) throws -> [String] {
        try ZooPaths.ensureDirectory(destination)
        do {
            return try unpack(archive, into: destination)
        } catch {
            // Nothing half-extracted stays behind.
            if let contents = try? FileManager.default.contentsOfDirectory(at: destination, includingPropertiesForKeys: nil) {
                for item in contents { try? FileManager.default.removeItem(at: item) }
            }
            throw error
        }
    }

    private static func refuse(_ archive: URL, _ reason: String) -> ZooError {
        ZooError("Refusing archive \(archive.lastPathComponent): \(reason).",
                 hint: "archives may only hold relative paths that stay inside the folder they unpack into",
                 exitCode: ZooError.Code.integrity)
    }

    private static func unpack(_ archive: URL, into destination: URL) throws -> [String] {
        guard let reader = archive_read_new() else { throw ZooError("libarchive could not start.") }
        defer { archive_read_free(reader) }
        archive_read_support_format_all(reader)
        archive_read_support_filter_all(reader)
        guard archive_read_open_filename(reader, archive.path, 1 << 20) == ARCHIVE_OK else {
            throw ZooError("Cannot open \(archive.path) as an archive: \(message(reader)).",
                           hint: "zoo reads .zip and .tar (optionally gz, bz2, xz or zstd compressed) archives",
                           exitCode: ZooError.Code.integrity)
        }
        let root = destination.resolvingSymlinksInPath().standardizedFileURL
        var files: [String] = []
        var links: [URL] = []
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw refuse(archive, "it is damaged (\(message(reader)))")
            }
            guard let rawPath = archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry) else {
                throw refuse(archive, "an entry has no readable name")
            }
            var path = String(cString: rawPath)
            while path.hasPrefix("./") { path.removeFirst(2) }
            if path.hasSuffix("/") { path.removeLast() }
            if path.isEmpty || path == "." { continue }
            guard !path.hasPrefix("/") else { throw refuse(archive, "entry '\(path)' has an absolute path") }
            guard let parts = SafePath.components(ofRelativePath: path) else {
                throw refuse(archive, "entry '\(path)' climbs out of the folder with '..'")
            }
            let target = parts.reduce(root) { $0.appendingPathComponent($1) }
            let parent = target.deletingLastPathComponent()
            try makeFolders(parts.dropLast(), under: root, for: path, archive: archive)
            let type = archive_entry_filetype(entry) & 0o170000
            if let hardlink = archive_entry_hardlink(entry) {
                let source = String(cString: hardlink)
                guard let sourceParts = SafePath.components(ofRelativePath: source.hasPrefix("./") ? String(source.dropFirst(2)) : source) else {
                    throw refuse(archive, "hard link '\(path)' points to '\(source)', outside the folder")
                }
                let sourceURL = sourceParts.reduce(root) { $0.appendingPathComponent($1) }
                guard SafePath.isInside(sourceURL, root: root), Glibc.link(sourceURL.path, target.path) == 0 else {
                    throw refuse(archive, "hard link '\(path)' points to '\(source)', which is not a file extracted before it")
                }
                files.append(parts.joined(separator: "/"))
                continue
            }
            switch type {
            case 0o040000:  // directory
                try makeFolders(parts[...], under: root, for: path, archive: archive)
            case 0o100000:  // regular file
                try writeData(reader, to: target, archive: archive)
                files.append(parts.joined(separator: "/"))
            case 0o120000:  // symbolic link
                let linkTarget = archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
                guard !linkTarget.isEmpty, !linkTarget.hasPrefix("/") else {
                    throw refuse(archive, "symlink '\(path)' points to the absolute path '\(linkTarget)'")
                }
                let resolved = parent.appendingPathComponent(linkTarget).standardizedFileURL
                guard SafePath.isInside(resolved, root: root) else {
                    throw refuse(archive, "symlink '\(path)' points to '\(linkTarget)', outside the folder")
                }
                guard symlink(linkTarget, target.path) == 0 else {
                    throw ZooError("Cannot create symlink \(target.path): \(String(cString: strerror(errno))).")
                }
                links.append(target)
            default:
                throw refuse(archive, "entry '\(path)' is a device, pipe or socket")
            }
        }
        // Links made of several hops are checked once everything exists.
        for link in links where !SafePath.isInside(link, root: root) {
            throw refuse(archive, "symlink '\(link.lastPathComponent)' resolves to outside the folder")
        }
        return files.sorted()
    }

    /// Creates `parts` below `root` one level at a time, checking after each that its real path
    /// is still inside `root` (so a link planted by an earlier entry cannot redirect writes).
    private static func makeFolders(_ parts: ArraySlice<String>, under root: URL, for path: String, archive: URL) throws {
        var url = root
        for part in parts {
            url.appendPathComponent(part, isDirectory: true)
            if !FileManager.default.fileExists(atPath: url.path), mkdir(url.path, 0o755) != 0, errno != EEXIST {
                throw ZooError("Cannot create \(url.path): \(String(cString: strerror(errno))).")
            }
            guard SafePath.isInside(url, root: root) else {
                throw refuse(archive, "entry '\(path)' would be written through a link to outside the folder")
            }
        }
    }

    private static func writeData(_ reader: OpaquePointer, to target: URL, archive: URL) throws {
        let output = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw refuse(archive, "entry '\(target.lastPathComponent)' cannot be written (\(String(cString: strerror(errno))); duplicate entry?)")
        }
        defer { close(output) }
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            let status = archive_read_data_block(reader, &block, &size, &offset)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN else {
                throw refuse(archive, "it is damaged (\(message(reader)))")
            }
            guard let block, size > 0 else { continue }
            // Sparse entries report an offset; write at it.
            lseek(output, off_t(offset), SEEK_SET)
            try FileCopy.writeAll(output, UnsafeRawBufferPointer(start: block, count: size), path: target.path)
        }
    }

    private static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unknown error"
    }
}
