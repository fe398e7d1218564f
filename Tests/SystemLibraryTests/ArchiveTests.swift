import CArchive
import Foundation
import Testing

@Suite struct ArchiveTests {
    @Test(arguments: ["zip", "tar"])
    func writesAndReadsBack(format: String) throws {
        let files: [(String, [UInt8])] = [("labels.txt", Array("person\nbag\nface\n".utf8)),
                                         ("weights/model.bin", (0..<5000).map { UInt8($0 % 251) })]
        // Write to memory.
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var used = 0
        let writer = archive_write_new()!
        if format == "zip" { archive_write_set_format_zip(writer) } else { archive_write_set_format_pax_restricted(writer) }
        #expect(archive_write_open_memory(writer, &buffer, buffer.count, &used) == ARCHIVE_OK)
        for (path, bytes) in files {
            let entry = archive_entry_new()!
            archive_entry_set_pathname(entry, path)
            archive_entry_set_size(entry, la_int64_t(bytes.count))
            archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG (a cast macro Swift does not import)
            archive_entry_set_perm(entry, 0o644)
            #expect(archive_write_header(writer, entry) == ARCHIVE_OK)
            #expect(archive_write_data(writer, bytes, bytes.count) == bytes.count)
            archive_entry_free(entry)
        }
        #expect(archive_write_close(writer) == ARCHIVE_OK)
        archive_write_free(writer)
        #expect(used > 0)

        // Read back.
        let reader = archive_read_new()!
        defer { archive_read_free(reader) }
        archive_read_support_format_all(reader)
        archive_read_support_filter_all(reader)
        #expect(archive_read_open_memory(reader, buffer, used) == ARCHIVE_OK)
        var seen: [String: [UInt8]] = [:]
        var entry: OpaquePointer?
        while archive_read_next_header(reader, &entry) == ARCHIVE_OK {
            let path = String(cString: archive_entry_pathname(entry))
            var content = [UInt8](repeating: 0, count: Int(archive_entry_size(entry)))
            let n = content.withUnsafeMutableBytes { archive_read_data(reader, $0.baseAddress, $0.count) }
            #expect(n == content.count)
            seen[path] = content
        }
        #expect(seen.count == files.count)
        for (path, bytes) in files { #expect(seen[path] == bytes) }
    }
}
