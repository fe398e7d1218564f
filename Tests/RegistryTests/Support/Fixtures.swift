import Foundation
import Registry
import ZooCore

/// A temporary folder removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init(_ label: String = "zoo-registry-test") {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Writes `bytes` at `relative` (creating folders) and returns the file's URL.
    @discardableResult
    func write(_ relative: String, _ bytes: [UInt8]) throws -> URL {
        let target = path(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: target)
        return target
    }
}

/// Deterministic pseudo-random bytes (xorshift), so tests need no fixtures on disk.
func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

/// The files of the version most tests publish: several sizes, one in a subfolder.
let sampleFiles: [(String, [UInt8])] = [
    ("resnet18_detector.tlt", randomBytes(300_000, seed: 1)),
    ("detector_int8.txt", Array("TRT-8001-EntropyCalibration2\ninput_1: 3c010a14\n".utf8)),
    ("labels.txt", Array("car\nbicycle\nperson\nroad_sign\n".utf8)),
    ("weights/extra.bin", randomBytes(120_000, seed: 2)),
]

/// A local registry in a temporary folder with one model (`acme/detector`) and one built
/// version (`v1`) holding `sampleFiles`; no catalog unless one is given.
struct StoreFixture {
    let folder = TemporaryFolder("zoo-store")
    let registry: LocalRegistry
    let model = ModelRef(org: "acme", name: "detector")

    init(catalog: RegistryStore? = nil, publish: Bool = true) throws {
        registry = LocalRegistry(store: RegistryStore(root: folder.path("store")), catalog: catalog)
        var model = RegistryModel(ref: self.model)
        model.displayName = "Detector"
        model.application = "Object Detection"
        model.framework = "zoo"
        model.precision = "FP32"
        _ = try registry.create(model)
        if publish { try publishSample(version: "v1") }
    }

    /// Publishes `sampleFiles` as `version`.
    @discardableResult
    func publishSample(version: String, files: [(String, [UInt8])] = sampleFiles) throws -> RegistryVersion {
        let source = TemporaryFolder("zoo-source")
        for (path, bytes) in files { try source.write(path, bytes) }
        return try Publisher(backend: registry).publish(model.at(version), source: source.url,
                                                        metadata: VersionMetadata(accuracyReached: 81.5, numberOfEpochs: 3))
    }
}

/// The repository's committed catalog (`registry/`).
let repositoryCatalog: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("registry", isDirectory: true)

/// Runs blocking work (libcurl transfers, file I/O) on its own thread, so async tests never
/// block the cooperative pool the in-process server also needs.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.stackSize = 4 << 20
        thread.start()
    }
}

/// SHA-256 of the file at `url`.
func digest(of url: URL) throws -> SHA256Digest {
    try SHA256Hasher.hash(file: url).digest
}
