import CCurl
import Foundation
@testable import Registry
import Testing
import ZooCore

/// `zoo serve` on a loopback port, driven by the client (`RemoteRegistry`, `Downloader`) and by raw requests.
@Suite(.serialized) struct ServerTests {
    static let quick = TransferSettings(retries: 2, concurrency: 4, backoff: 0.01, stallTimeout: 30, connectTimeout: 10)

    /// One raw HTTP exchange.
    static func fetch(_ url: String, method: String = "GET", headers: [String] = []) throws -> CurlRequest.Outcome {
        let request = try CurlRequest(url: url, method: method, headers: headers, settings: quick)
        return request.perform(into: .memory(limit: 16 << 20))
    }

    static func addKey(_ fixture: StoreFixture, private isPrivate: Bool = false) throws -> String {
        var access = try AccessControl.load(store: fixture.registry.store.root)
        let key = try access.addKey(named: "test-\(UUID().uuidString.prefix(6))")
        access.private = isPrivate
        try access.save(store: fixture.registry.store.root)
        return key
    }

    @Test func guestAndKeyClientsListInspectAndDownload() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let key = try Self.addKey(fixture)
        for apiKey in [nil, key] {
            let remote = RemoteRegistry(url: server.url, apiKey: apiKey, settings: Self.quick)
            #expect(try remote.models(matching: .everything).map(\.repository) == ["acme/detector"])
            #expect(try remote.models(matching: ModelPattern(parsing: "acme/det*")).first?.displayName == "Detector")
            #expect(try remote.models(matching: ModelPattern(parsing: "other/*")).isEmpty)
            let (model, version) = try remote.version(fixture.model.at("v1"))
            #expect(model.latestVersionIdStr == "v1")
            #expect(version.accuracyReached == 81.5)
            #expect(try remote.versions(of: fixture.model).map(\.versionId) == ["v1"])
            let cache = TemporaryFolder()
            let destination = TemporaryFolder()
            let result = try await blocking {
                let downloader = Downloader(cache: DownloadCache(root: cache.url), settings: Self.quick)
                return try downloader.download(try downloader.plan(fixture.model.at("v1"), from: remote), from: remote,
                                               into: destination.url).get()
            }
            #expect(result.directory.lastPathComponent == "detector_vv1")
            #expect(result.files.count == sampleFiles.count)
            for (path, bytes) in sampleFiles {
                #expect(try Data(contentsOf: result.directory.appendingPathComponent(path)) == Data(bytes))
            }
        }
    }

    @Test func uploadCreateSetLatestAndRemoveOverTheAPI() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let key = try Self.addKey(fixture)
        let remote = RemoteRegistry(url: server.url, apiKey: key, settings: Self.quick)
        let guest = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        let model = {
            var model = RegistryModel(ref: ModelRef(org: "acme", team: "vision", name: "classifier"))
            model.application = "Classification"
            return model
        }()
        #expect(throws: ZooError.self) { try guest.create(model) }
        _ = try remote.create(model)
        #expect(throws: ZooError.self) { try remote.create(model) }  // 409: exists
        let source = TemporaryFolder()
        for (path, bytes) in sampleFiles { try source.write(path, bytes) }
        let version = try await blocking {
            try Publisher(backend: remote).publish(model.ref.at("1.0"), source: source.url,
                                                   metadata: VersionMetadata(accuracyReached: 90.5, batchSize: 8))
        }
        #expect(version.status == .uploadComplete)
        #expect(version.totalFileCount == sampleFiles.count)
        let stored = try fixture.registry.files(of: model.ref.at("1.0"))
        #expect(stored.map(\.sha256) == sampleFiles.sorted { $0.0 < $1.0 }.map { SHA256Hasher.hash($0.1) })
        _ = try await blocking { try Publisher(backend: remote).publish(model.ref.at("1.1"), source: source.url) }
        try remote.setLatest(model.ref.at("1.1"))
        #expect(try remote.model(model.ref).latestVersionIdStr == "1.1")
        var change = ModelChange()
        change.shortDescription = "Sorts things"
        change.addLabels = ["vision"]
        #expect(try remote.update(model.ref, change).shortDescription == "Sorts things")
        #expect(try fixture.registry.model(model.ref).generalLabels == ["vision"])
        #expect(try remote.remove(model.ref.at("1.0")) == .removed)
        #expect(try remote.versions(of: model.ref).map(\.versionId) == ["1.1"])
        #expect(throws: ZooError.self) { try guest.remove(model.ref) }
        #expect(try remote.remove(model.ref) == .removed)
        #expect(throws: ZooError.self) { try fixture.registry.model(model.ref) }
    }

    @Test func errorsComeInNGCsShape() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let missing = try Self.fetch(server.url + "/v2/org/acme/models/nothing")
        #expect(missing.status == 404)
        let envelope = try JSONDecoder().decode(ErrorEnvelope.self, from: missing.body)
        #expect(envelope.requestStatus.statusCode == "NOT_FOUND")
        #expect(envelope.requestStatus.statusDescription?.contains("acme/detector") == true)  // lists what exists
        #expect(try Self.fetch(server.url + "/v2/models/acme/detector/versions/v7").status == 404)
        // An unknown model's files: model `acme/nothing`, not model `versions` of team `nothing` (a 400).
        let files = try Self.fetch(server.url + "/v2/models/acme/nothing/versions/v1/files")
        #expect(files.status == 404)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: files.body).requestStatus.statusDescription?
            .contains("acme/nothing") == true)
        let badKey = try Self.fetch(server.url + "/v2/models/acme/detector", headers: ["Authorization: Bearer nope"])
        #expect(badKey.status == 401)
        #expect(try JSONDecoder().decode(ErrorEnvelope.self, from: badKey.body).requestStatus.statusCode == "UNAUTHORIZED")
        let write = try Self.fetch(server.url + "/v2/org/acme/models/detector", method: "DELETE")
        #expect(write.status == 401)
        #expect(try fixture.registry.model(fixture.model).name == "detector")
        do {
            _ = try RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick).version(fixture.model.at("v7"))
            Issue.record("an unknown version was found")
        } catch let error as ZooError {
            #expect(error.message == "'acme/detector:v7' could not be found.")
            #expect(error.hint?.contains("v1") == true)
        }
        // A status no caller handles still reaches the user as one line with the server's words.
        let unhandled = ZooError.wrap(APIClient.StatusError(registry: server.url, status: 400, detail: "'versions' cannot be a model name."))
        #expect(unhandled.message == "The registry at \(server.url) answered HTTP 400: 'versions' cannot be a model name.")
        #expect(unhandled.hint?.contains("--registry") == true)
        #expect(ZooError.wrap(APIClient.StatusError(registry: server.url, status: 503, detail: nil)).exitCode == ZooError.Code.network)
    }

    @Test func aPrivateStoreNeedsAKeyToRead() async throws {
        let fixture = try StoreFixture()
        let key = try Self.addKey(fixture, private: true)
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        #expect(try Self.fetch(server.url + "/v2/models/acme/detector").status == 401)
        #expect(try Self.fetch(server.url + "/v2/models/acme/detector", headers: ["Authorization: Bearer \(key)"]).status == 200)
        // NGC's token exchange: Basic $oauthtoken:<key> → a bearer token.
        let basic = Data("$oauthtoken:\(key)".utf8).base64EncodedString()
        let token = try Self.fetch(server.url + "/token?service=ngc&scope=group/ngc:acme", headers: ["Authorization: Basic \(basic)"])
        #expect(token.status == 200)
        let bearer = try JSONDecoder().decode(TokenEnvelope.self, from: token.body).token
        #expect(try Self.fetch(server.url + "/v2/org/acme/models/detector", headers: ["Authorization: Bearer \(bearer)"]).status == 200)
    }

    @Test func fileBytesHonourRange() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let url = server.url + "/v2/models/acme/detector/versions/v1/files/weights/extra.bin"
        let bytes = sampleFiles.first { $0.0 == "weights/extra.bin" }!.1
        let whole = try Self.fetch(url)
        #expect(whole.status == 200)
        #expect(Array(whole.body) == bytes)
        #expect(whole.headers["accept-ranges"] == "bytes")
        let part = try Self.fetch(url, headers: ["Range: bytes=1000-1999"])
        #expect(part.status == 206)
        #expect(part.headers["content-range"] == "bytes 1000-1999/\(bytes.count)")
        #expect(Array(part.body) == Array(bytes[1000..<2000]))
        let tail = try Self.fetch(url, headers: ["Range: bytes=-10"])
        #expect(Array(tail.body) == Array(bytes.suffix(10)))
        let beyond = try Self.fetch(url, headers: ["Range: bytes=\(bytes.count)-"])
        #expect(beyond.status == 416)
        #expect(beyond.headers["content-range"] == "bytes */\(bytes.count)")
        let head = try Self.fetch(url, method: "HEAD")
        #expect(head.status == 200)
        #expect(head.headers["content-length"] == String(bytes.count))
    }

    @Test func downloadURLsFollowTheRequestsHostAndTheRedirectFormWorks() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let direct = server.url + "/v2/models/org/acme/detector/v1/files?path=labels.txt"
        let plain = try JSONDecoder().decode(DirectDownloadEnvelope.self, from: try Self.fetch(direct).body)
        #expect(plain.urls == ["\(server.url)/v2/models/acme/detector/versions/v1/files/labels.txt"])
        let proxied = try Self.fetch(direct, headers: ["X-Forwarded-Proto: https", "X-Forwarded-Host: zoo.example.org",
                                                      "X-Forwarded-Prefix: /registry/"])
        #expect(try JSONDecoder().decode(DirectDownloadEnvelope.self, from: proxied.body).urls
                == ["https://zoo.example.org/registry/v2/models/acme/detector/versions/v1/files/labels.txt"])
        let renamed = try Self.fetch(direct, headers: ["Host: models.internal:8443"])
        #expect(try JSONDecoder().decode(DirectDownloadEnvelope.self, from: renamed.body).urls.first?
                .hasPrefix("http://models.internal:8443/v2/") == true)
        let all = try JSONDecoder().decode(DirectDownloadEnvelope.self,
                                           from: try Self.fetch(server.url + "/v2/org/acme/models/detector/v1/files").body)
        #expect(all.filepath == sampleFiles.map(\.0).sorted())
        let redirected = try Self.fetch(direct + "&redirect=true")  // libcurl follows it, as curl -L does
        #expect(redirected.status == 200)
        #expect(Array(redirected.body) == Array("car\nbicycle\nperson\nroad_sign\n".utf8))
    }

    @Test func noPathReachesOutsideTheStore() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let secret = "do-not-serve-\(UUID().uuidString)"
        try Data(secret.utf8).write(to: fixture.registry.store.root.appendingPathComponent("acme/detector/versions/v1/secret.txt"))
        for path in ["/v2/models/acme/detector/versions/v1/files/..%2Fsecret.txt",
                     "/v2/models/acme/detector/versions/v1/files/%2e%2e/secret.txt",
                     "/v2/models/acme/detector/versions/v1/files/../secret.txt",
                     "/v2/models/acme/detector/versions/v1/files/..%2Fmanifest.json",
                     "/v2/models/acme/detector/versions/v1/files/%2Fetc%2Fpasswd",
                     "/v2/models/..%2F..%2F..%2Fetc/detector/versions/v1/files/passwd",
                     "/v2/models/org/acme/detector/v1/files?path=../secret.txt&redirect=true"] {
            let outcome = try Self.fetch(server.url + path)
            #expect(outcome.status >= 400, "\(path) answered \(outcome.status)")
            #expect(!String(decoding: outcome.body, as: UTF8.self).contains(secret), "\(path) leaked the file")
            #expect(!String(decoding: outcome.body, as: UTF8.self).contains("root:"), "\(path) leaked /etc/passwd")
        }
    }

    @Test func theVersionAsAZip() async throws {
        let fixture = try StoreFixture()
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let zip = try Self.fetch(server.url + "/v2/models/acme/detector/versions/v1/zip")
        #expect(zip.status == 200)
        #expect(zip.headers["content-disposition"] == "attachment; filename=\"detector_vv1.zip\"")
        let folder = TemporaryFolder()
        try zip.body.write(to: folder.path("v1.zip"))
        let files = try ArchiveExtractor.extract(folder.path("v1.zip"), into: folder.path("out"))
        #expect(files == sampleFiles.map(\.0).sorted())
        for (path, bytes) in sampleFiles { #expect(try Data(contentsOf: folder.path("out/\(path)")) == Data(bytes)) }
    }

    @Test func searchPages() async throws {
        let fixture = try StoreFixture()
        for name in ["alpha", "beta", "gamma"] { _ = try fixture.registry.create(RegistryModel(ref: ModelRef(org: "acme", name: name))) }
        let server = try await TestServer.start(fixture.registry)
        defer { Task { await server.stop() } }
        let query = String(decoding: try RegistryJSON.encode(SearchQuery(resourceIdPattern: "acme/*", page: 1, pageSize: 2), pretty: false), as: UTF8.self)
        let page = try Self.fetch(server.url + "/v2/search/catalog/resources/MODEL?q=" + APIClient.encodeQuery(query))
        let result = try JSONDecoder().decode(SearchEnvelope.self, from: page.body)
        #expect(result.resultTotal == 4)
        #expect(result.resultPageTotal == 2)
        #expect(result.results.first?.resources.map(\.resourceId) == ["acme/detector", "acme/gamma"])
        let remote = RemoteRegistry(url: server.url, apiKey: nil, settings: Self.quick)
        #expect(try remote.models(matching: ModelPattern(parsing: "acme/*")).count == 4)
    }
}
