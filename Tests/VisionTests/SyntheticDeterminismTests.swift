import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct SyntheticDeterminismTests {
    /// Every file under `root` (relative path → bytes).
    private func files(_ root: URL) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = try #require(FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]))
        for case let url as URL in enumerator where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            result[String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))] = try Data(contentsOf: url)
        }
        return result
    }

    @Test(arguments: SyntheticKind.allCases)
    func sameSeedWritesTheSameBytesAndAnotherSeedDoesNot(kind: SyntheticKind) throws {
        let root = try temporaryDirectory("synth-\(kind.rawValue)")
        defer { cleanUp(root) }
        let count = kind == .vehicleMakes ? 20 : 7
        func generate(_ name: String, seed: UInt64) throws -> [String: Data] {
            let report = try SyntheticDataset.generate(kind, count: count, seed: seed, width: 64, height: 48, output: root.appendingPathComponent(name))
            #expect(report.images == count)
            return try files(root.appendingPathComponent(name))
        }
        let a = try generate("a", seed: 21), b = try generate("b", seed: 21), c = try generate("c", seed: 22)
        let images = a.keys.filter { ImageFormat(pathExtension: ($0 as NSString).pathExtension) != nil }
        #expect(images.count == count)
        #expect(a == b)
        #expect(Set(a.keys) == Set(c.keys))
        #expect(images.allSatisfy { a[$0] != c[$0] })
    }
}
