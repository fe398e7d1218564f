import Foundation
import Registry
import Testing
import ZooCore

/// The local store: atomic publishing, manifests, the list index, removal, and the catalog overlay.
@Suite struct StoreTests {
    @Test func publishWritesFilesAndAManifestWithDigests() throws {
        let fixture = try StoreFixture()
        let ref = fixture.model.at("v1")
        let files = try fixture.registry.files(of: ref)
        #expect(files.map(\.path) == sampleFiles.map(\.0).sorted())
        for (path, bytes) in sampleFiles {
            let listed = try #require(files.first { $0.path == path })
            #expect(listed.sizeInBytes == Int64(bytes.count))
            #expect(listed.sha256 == SHA256Hasher.hash(bytes))
            let stored = try fixture.registry.store.fileURL(ref, path: path)
            #expect(try Data(contentsOf: stored) == Data(bytes))
        }
        let (model, version) = try fixture.registry.version(ref)
        #expect(version.status == .uploadComplete)
        #expect(version.totalFileCount == sampleFiles.count)
        #expect(version.accuracyReached == 81.5)
        #expect(model.latestVersionIdStr == "v1")
        #expect(model.latestVersionSizeInBytes == version.totalSizeInBytes)
    }

    @Test func publishingABuiltVersionAgainIsRefusedAndChangesNothing() throws {
        let fixture = try StoreFixture()
        let before = try fixture.registry.files(of: fixture.model.at("v1"))
        #expect(throws: ZooError.self) { try fixture.publishSample(version: "v1", files: [("other.bin", [1, 2, 3])]) }
        #expect(try fixture.registry.files(of: fixture.model.at("v1")) == before)
    }

    @Test func anInterruptedPublishLeavesThePreviousState() throws {
        let fixture = try StoreFixture()
        let store = fixture.registry.store
        // What a crash mid-publish leaves: a half-copied staging folder and the index marked dirty.
        let staging = store.root.appendingPathComponent(".staging/publish-crashed/files")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data(randomBytes(1000, seed: 9)).write(to: staging.appendingPathComponent("half.bin"))
        try Data().write(to: store.root.appendingPathComponent(".index.dirty"))
        #expect(try fixture.registry.versions(of: fixture.model).map(\.versionId) == ["v1"])
        #expect(try store.models().map(\.repository) == ["acme/detector"])
        // The next write publishes normally and clears what the crash left.
        try fixture.publishSample(version: "v2")
        #expect(Set(try fixture.registry.versions(of: fixture.model).map(\.versionId)) == ["v1", "v2"])
        #expect(!FileManager.default.fileExists(atPath: staging.path))
    }

    @Test func theIndexIsRebuiltWhenMissingAndKeptInStepWithWrites() throws {
        let fixture = try StoreFixture()
        let store = fixture.registry.store
        let index = store.root.appendingPathComponent(".index.tsv")
        #expect(FileManager.default.fileExists(atPath: index.path))
        try FileManager.default.removeItem(at: index)
        #expect(try store.models().map(\.repository) == ["acme/detector"])
        #expect(FileManager.default.fileExists(atPath: index.path))
        var other = RegistryModel(ref: ModelRef(org: "acme", team: "vision", name: "classifier"))
        other.shortDescription = "tabs\there, a newline\nand a backslash \\ too"
        other.labels = [RegistryLabel(key: "general", values: ["a,b", "c;d", "e=f", "g\\h"])]
        _ = try fixture.registry.create(other)
        let listed = try #require(try store.models().first { $0.name == "classifier" })
        #expect(listed.shortDescription == other.shortDescription)
        #expect(listed.labels == other.labels)
        #expect(listed.teamName == "vision")
        #expect(try fixture.registry.models(matching: ModelPattern(parsing: "acme/*")).map(\.name) == ["detector"])
        #expect(try fixture.registry.models(matching: ModelPattern(parsing: "acme/*/*")).map(\.name) == ["classifier"])
    }

    @Test func removingAVersionOrAModel() throws {
        let fixture = try StoreFixture()
        try fixture.publishSample(version: "v2")
        #expect(try fixture.registry.remove(fixture.model.at("v1")) == .removed)
        #expect(try fixture.registry.versions(of: fixture.model).map(\.versionId) == ["v2"])
        #expect(try fixture.registry.remove(fixture.model) == .removed)
        #expect(throws: ZooError.self) { try fixture.registry.model(fixture.model) }
    }

    @Test func unknownNamesListWhatExists() throws {
        let fixture = try StoreFixture()
        do {
            _ = try fixture.registry.version(fixture.model.at("v9"))
            Issue.record("an unknown version was found")
        } catch let error as ZooError {
            #expect(error.message == "'acme/detector:v9' could not be found.")
            #expect(error.hint?.contains("v1") == true)
            #expect(error.exitCode == ZooError.Code.notFound)
        }
        do {
            _ = try fixture.registry.model(ModelRef(org: "acme", name: "detectr"))
            Issue.record("an unknown model was found")
        } catch let error as ZooError {
            #expect(error.message == "Target 'acme/detectr' could not be found.")
            #expect(error.hint?.contains("acme/detector") == true)
        }
        do {
            _ = try fixture.registry.model(ModelRef(org: "acmee", name: "detector"))
            Issue.record("a model in an unknown org was found")
        } catch let error as ZooError {
            #expect(error.hint == "no models in org 'acmee'; orgs: acme")
        }
    }

    @Test func catalogVersionsArePendingUntilPublishedAndComeBackWhenRemoved() throws {
        let catalog = RegistryStore(root: repositoryCatalog, readOnly: true)
        let folder = TemporaryFolder()
        let registry = LocalRegistry(store: RegistryStore(root: folder.path("store")), catalog: catalog)
        let ref = ModelRef(org: "nvidia", name: "tlt_facedetectir", version: "pruned_v1.0")
        do {
            _ = try registry.files(of: ref)
            Issue.record("a pending version had files")
        } catch let error as ZooError {
            #expect(error.message == "'nvidia/tlt_facedetectir:pruned_v1.0' is not in state UPLOAD_COMPLETE.")
            #expect(error.hint?.contains("zoo registry build nvidia/tlt_facedetectir:pruned_v1.0") == true)
        }
        let source = TemporaryFolder()
        try source.write("labels.txt", Array("face".utf8))
        try source.write("facedetectir_int8.txt", Array("TRT-8001-EntropyCalibration2\n".utf8))
        try source.write("resnet18_facedetectir_pruned.etlt", randomBytes(5000, seed: 3))
        let recipe = JSONValue.object(["spec": .string("specs/facedetectir.txt")])
        let version = try Publisher(backend: registry).publish(ref, source: source.url,
                                                               metadata: VersionMetadata(accuracyReached: 70.25, recipe: recipe))
        #expect(version.status == .uploadComplete)
        #expect(version.classes == ["face"])  // kept from the catalog
        #expect(version.inputDims == [3, 240, 384])
        #expect(version.recipe == recipe)
        #expect(version.accuracyReached == 70.25)
        #expect(try registry.files(of: ref).count == 3)
        #expect(try registry.remove(ref) == .revertedToCatalog)
        #expect(try registry.version(ref).version.status == .uploadPending)
        #expect(throws: ZooError.self) { try registry.remove(ref) }
    }

    @Test func namesThatCouldLeaveTheStoreAreRefused() throws {
        let fixture = try StoreFixture()
        for bad in ["..", ".hidden"] {
            #expect(throws: ZooError.self) { try fixture.registry.store.model(ModelRef(org: bad, name: "x")) }
        }
        #expect(throws: ZooError.self) { try fixture.registry.store.fileURL(fixture.model.at("v1"), path: "../../model.json") }
        #expect(throws: ZooError.self) { try fixture.registry.store.fileURL(fixture.model.at("v1"), path: "/etc/passwd") }
    }
}
