import Foundation
import Registry
import Testing
import ZooCore

/// The downloader: resume, cache, verification, filters, and what it refuses to install.
@Suite(.serialized) struct DownloaderTests {
    static let quick = TransferSettings(retries: 2, concurrency: 4, backoff: 0.01, stallTimeout: 30, connectTimeout: 10)

    /// Downloads `ref` from `backend` into a fresh folder with `cache`.
    static func download(_ ref: ModelRef, from backend: any RegistryBackend, cache: URL, into folder: URL,
                         include: [String] = [], exclude: [String] = []) async throws -> DownloadReport {
        try await blocking {
            let downloader = Downloader(cache: DownloadCache(root: cache), settings: quick)
            return try downloader.download(try downloader.plan(ref, from: backend, include: include, exclude: exclude),
                                           from: backend, into: folder)
        }
    }

    @Test func resumesFromTheBytesAlreadyOnDisk() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let remote = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        let cache = TemporaryFolder()
        let (path, bytes) = sampleFiles[0]
        let digest = SHA256Hasher.hash(bytes)
        // What an interrupted run left: the first 123,456 bytes.
        try cache.write("partial/\(digest.hex).partial", Array(bytes.prefix(123_456)))
        let destination = TemporaryFolder()
        let report = try await Self.download(fixture.model.at("v1"), from: remote, cache: cache.url, into: destination.url, include: [path])
        let result = try report.get()
        #expect(result.transferredBytes == Int64(bytes.count - 123_456))
        #expect(try Data(contentsOf: result.directory.appendingPathComponent(path)) == Data(bytes))
        #expect(!FileManager.default.fileExists(atPath: cache.path("partial/\(digest.hex).partial").path))
    }

    @Test func aPartialWithWrongBytesIsDiscardedNotInstalled() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let remote = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        let cache = TemporaryFolder()
        let (path, bytes) = sampleFiles[0]
        var wrong = Array(bytes.prefix(50_000))
        wrong[10] ^= 0xFF
        try cache.write("partial/\(SHA256Hasher.hash(bytes).hex).partial", wrong)
        let destination = TemporaryFolder()
        let result = try await Self.download(fixture.model.at("v1"), from: remote, cache: cache.url, into: destination.url, include: [path]).get()
        #expect(try Data(contentsOf: result.directory.appendingPathComponent(path)) == Data(bytes))
    }

    @Test func aSecondDownloadComesFromTheCacheWithoutATransfer() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let remote = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        let cache = TemporaryFolder()
        let folders = (TemporaryFolder(), TemporaryFolder(), TemporaryFolder())
        let first = try await Self.download(fixture.model.at("v1"), from: remote, cache: cache.url, into: folders.0.url).get()
        #expect(first.transferredBytes == sampleFiles.reduce(0) { $0 + Int64($1.1.count) })
        let second = try await Self.download(fixture.model.at("v1"), from: remote, cache: cache.url, into: folders.1.url).get()
        #expect(second.transferredBytes == 0)
        #expect(second.cachedFiles == sampleFiles.count)
        for (path, bytes) in sampleFiles {
            #expect(try Data(contentsOf: second.directory.appendingPathComponent(path)) == Data(bytes))
        }
        // A cache blob that no longer matches its digest is thrown away and fetched again.
        let blob = cache.path("blobs/\(SHA256Hasher.hash(sampleFiles[0].1).hex)")
        chmod(blob.path, 0o644)
        try Data(randomBytes(sampleFiles[0].1.count, seed: 77)).write(to: blob)
        let third = try await Self.download(fixture.model.at("v1"), from: remote, cache: cache.url, into: folders.2.url).get()
        #expect(third.transferredBytes == Int64(sampleFiles[0].1.count))
        #expect(try digest(of: third.directory.appendingPathComponent(sampleFiles[0].0)) == SHA256Hasher.hash(sampleFiles[0].1))
    }

    @Test func aServerThatLiesAboutContentSizeOrDigestIsRefused() async throws {
        let fixture = try StoreFixture()
        let ref = fixture.model.at("v1")
        let store = fixture.registry.store
        // After publishing: one file's bytes change on the server (same size), and the listing
        // lies about another's size and a third's digest.
        try Data(randomBytes(120_000, seed: 99)).write(to: try store.fileURL(ref, path: "weights/extra.bin"))
        let manifest = store.root.appendingPathComponent("acme/detector/versions/v1/manifest.json")
        var listing = try JSONDecoder().decode(FileListEnvelope.self, from: Data(contentsOf: manifest))
        for i in listing.modelFiles.indices {
            if listing.modelFiles[i].path == "labels.txt" { listing.modelFiles[i].sizeInBytes = 100 }
            if listing.modelFiles[i].path == "detector_int8.txt" { listing.modelFiles[i].sha256Base64 = SHA256Hasher.hash([1, 2, 3]).base64 }
        }
        try RegistryJSON.encode(listing).write(to: manifest)
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let remote = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        let destination = TemporaryFolder()
        let cache = TemporaryFolder()
        let report = try await Self.download(ref, from: remote, cache: cache.url, into: destination.url)
        #expect(Set(report.failures.map(\.path)) == ["weights/extra.bin", "labels.txt", "detector_int8.txt"])
        #expect(report.failures.allSatisfy { $0.error.message.contains("could not be downloaded") })
        #expect(report.failures.first { $0.path == "weights/extra.bin" }?.error.message.contains("SHA-256") == true)
        let folder = destination.path("detector_vv1")
        for path in ["weights/extra.bin", "labels.txt", "detector_int8.txt"] {
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path), "\(path) was installed")
        }
        #expect(try digest(of: folder.appendingPathComponent("resnet18_detector.tlt")) == SHA256Hasher.hash(sampleFiles[0].1))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.path("blobs").path) == [SHA256Hasher.hash(sampleFiles[0].1).hex])
        #expect(throws: ZooError.self) { try report.get() }
    }

    @Test func localStoresDownloadAndResolveThroughTheSameCache() async throws {
        let fixture = try StoreFixture()
        let cache = TemporaryFolder()
        let destination = TemporaryFolder()
        let report = try await Self.download(fixture.model.at("v1"), from: fixture.registry, cache: cache.url, into: destination.url,
                                             include: ["*.txt", "weights/*"], exclude: ["detector_*"])
        #expect(report.result.files.map(\.path).sorted() == ["labels.txt", "weights/extra.bin"])
        let registry = fixture.registry
        let resolved = try await blocking {
            try Downloader(cache: DownloadCache(root: cache.url), settings: Self.quick)
                .resolve(ModelRef(org: "acme", name: "detector"), file: "*.tlt", from: registry)
        }
        #expect(resolved.ref.version == "v1")  // the latest
        #expect(resolved.files.map(\.path) == ["resnet18_detector.tlt"])
        let file = try #require(resolved.files.first)
        #expect(file.url.path.hasSuffix("snapshots/acme/detector/v1/resnet18_detector.tlt"))
        #expect(file.sha256 == SHA256Hasher.hash(sampleFiles[0].1))
        #expect(try digest(of: file.url) == file.sha256)
        let unmatched = try await Self.download(fixture.model.at("v1"), from: fixture.registry, cache: cache.url,
                                                into: destination.url, include: ["nothing*"])
        #expect(unmatched.notFound == ["nothing*"])
    }

    @Test func aMissingDestinationIsAnError() throws {
        let fixture = try StoreFixture()
        let downloader = Downloader(cache: DownloadCache(root: TemporaryFolder().url), settings: Self.quick)
        do {
            _ = try downloader.download(try downloader.plan(fixture.model.at("v1"), from: fixture.registry),
                                        from: fixture.registry, into: URL(fileURLWithPath: "/nonexistent/models"))
            Issue.record("downloaded into a folder that does not exist")
        } catch let error as ZooError {
            #expect(error.message == "The path: '/nonexistent/models' does not exist.")
        }
    }
}
