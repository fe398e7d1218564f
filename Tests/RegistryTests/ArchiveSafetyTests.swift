import CArchive
import Foundation
import Registry
import Testing
import ZooCore

/// Extraction refuses what could write outside the destination; publishing reads archives.
@Suite struct ArchiveSafetyTests {
    enum Entry {
        case file(String, [UInt8])
        case symlink(String, String)
    }

    /// Writes an archive with libarchive (`zip` or `tar.gz`) holding `entries` exactly as named.
    static func makeArchive(_ url: URL, _ entries: [Entry]) throws {
        let writer = try #require(archive_write_new())
        defer { archive_write_free(writer) }
        if url.pathExtension == "zip" {
            archive_write_set_format_zip(writer)
        } else {
            archive_write_set_format_pax_restricted(writer)
            archive_write_add_filter_gzip(writer)
        }
        #expect(archive_write_open_filename(writer, url.path) == ARCHIVE_OK)
        for item in entries {
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            switch item {
            case .file(let path, let bytes):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_size(entry, la_int64_t(bytes.count))
                archive_entry_set_filetype(entry, 0o100000)
                archive_entry_set_perm(entry, 0o644)
                archive_write_header(writer, entry)
                _ = archive_write_data(writer, bytes, bytes.count)
            case .symlink(let path, let target):
                archive_entry_set_pathname(entry, path)
                archive_entry_set_filetype(entry, 0o120000)
                archive_entry_set_symlink(entry, target)
                archive_entry_set_perm(entry, 0o777)
                archive_write_header(writer, entry)
            }
        }
        #expect(archive_write_close(writer) == ARCHIVE_OK)
    }

    @Test(arguments: ["zip", "tar.gz"])
    func extractsOrdinaryArchives(kind: String) throws {
        let folder = TemporaryFolder()
        let archive = folder.path("ok.\(kind)")
        try Self.makeArchive(archive, [.file("a.txt", [1, 2, 3]), .file("./sub/b.bin", randomBytes(70_000, seed: 4)),
                                       .symlink("sub/link", "b.bin")])
        let files = try ArchiveExtractor.extract(archive, into: folder.path("out"))
        #expect(files == ["a.txt", "sub/b.bin"])
        #expect(try Data(contentsOf: folder.path("out/sub/b.bin")) == Data(randomBytes(70_000, seed: 4)))
    }

    @Test(arguments: [
        ("dotdot", [Entry.file("good.txt", [1]), .file("../evil.txt", [6, 6, 6])], "climbs out"),
        ("nested", [Entry.file("a/../../evil.txt", [6])], "climbs out"),
        ("absolute", [Entry.file("/tmp/zoo-evil-absolute.txt", [6])], "absolute"),
        ("symlink", [Entry.symlink("escape", "../../../etc"), .file("escape/passwd", [6])], "outside the folder"),
        ("absolute-link", [Entry.symlink("etc", "/etc")], "absolute path"),
    ])
    func refusesArchivesThatEscape(name: String, entries: [Entry], reason: String) throws {
        let folder = TemporaryFolder()
        let archive = folder.path("\(name).zip")
        try Self.makeArchive(archive, entries)
        let destination = folder.path("out/inside")
        do {
            try ArchiveExtractor.extract(archive, into: destination)
            Issue.record("\(name): the archive was extracted")
        } catch let error as ZooError {
            #expect(error.message.contains("Refusing archive"))
            #expect(error.message.contains(reason), "\(error.message)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.path).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: folder.path("out/evil.txt").path))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/zoo-evil-absolute.txt"))
    }

    @Test func publishingFromAZipAndRefusingAnEvilOne() throws {
        let fixture = try StoreFixture(publish: false)
        let folder = TemporaryFolder()
        let good = folder.path("good.zip")
        try Self.makeArchive(good, sampleFiles.map { .file($0.0, $0.1) })
        let version = try Publisher(backend: fixture.registry).publish(fixture.model.at("v1"), source: good)
        #expect(version.totalFileCount == sampleFiles.count)
        let evil = folder.path("evil.zip")
        try Self.makeArchive(evil, [.file("model.tlt", [1]), .file("../../outside.txt", [6])])
        #expect(throws: ZooError.self) { try Publisher(backend: fixture.registry).publish(fixture.model.at("v2"), source: evil) }
        #expect(try fixture.registry.versions(of: fixture.model).map(\.versionId) == ["v1"])
    }
}
