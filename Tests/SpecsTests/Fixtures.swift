import Foundation

/// Spec files the tests read: TAO's own sample specs (Fixtures/tao) and zoo's (specs/ at the top).
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let repository = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A file of TAO's sample specs, e.g. `tao("detectnet_v2__detectnet_v2_train_resnet18_kitti.txt")`.
    static func tao(_ name: String) -> String { folder.appendingPathComponent("tao/\(name)").path }

    /// Every file of TAO's sample specs.
    static var taoSpecs: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tao").path)) ?? []
        return names.sorted().map(tao)
    }

    /// Writes `text` to a fresh temporary spec file and returns its path.
    static func write(_ text: String, name: String = "spec.txt") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-specs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
