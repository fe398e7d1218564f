import Foundation
import ZooCore

/// Splits a class-folder dataset into `train/`, `val/` and `test/` class folders, per class and
/// in the given percentages, shuffled with a seed (the seeds' data-curation workflow).
public enum DatasetSplitter {
    /// Images per split and class.
    public struct Report: Sendable, Equatable {
        public var output: URL
        public var classes: [String]
        /// `counts[split][class]`, splits in the order train, val, test.
        public var counts: [[Int]]
    }

    public static let splitNames = ["train", "val", "test"]

    /// Copies (or hard-links, when `link`) the images of `source` into `output/<split>/<class>/` and
    /// writes `output/classmap.json`. Percentages must add up to 100. `output` must not exist or be empty.
    public static func split(_ source: URL, into output: URL, train: Double, val: Double, test: Double, seed: UInt64,
                             link: Bool = false) throws -> Report {
        let shares = [train, val, test]
        guard shares.allSatisfy({ $0 >= 0 }), abs(shares.reduce(0, +) - 100) < 1e-6 else {
            throw ZooError.usage("--train, --val and --test must be non-negative and add up to 100 (they add up to \(shares.reduce(0, +))).",
                                 hint: "e.g. --train 70 --val 15 --test 15")
        }
        let dataset = try ClassFolderDataset(root: source)
        let staging = try stagingDirectory(for: output)
        let fm = FileManager.default
        var counts = [[Int]](repeating: [Int](repeating: 0, count: dataset.classes.count), count: 3)
        do {
            for (classIndex, name) in dataset.classes.enumerated() {
                var files = dataset.samples.filter { $0.classIndex == classIndex }.map(\.url)
                var random = SeededRandom(seed: seed, stream: classIndex)
                random.shuffle(&files)
                let sizes = apportion(files.count, shares)
                var start = 0
                for (split, size) in sizes.enumerated() {
                    let folder = staging.appendingPathComponent(splitNames[split]).appendingPathComponent(name)
                    try ZooPaths.ensureDirectory(folder)
                    for file in files[start..<(start + size)] {
                        let target = folder.appendingPathComponent(file.lastPathComponent)
                        if link { try fm.linkItem(at: file, to: target) } else { try fm.copyItem(at: file, to: target) }
                    }
                    counts[split][classIndex] = size
                    start += size
                }
            }
            try ClassMap.json(dataset.classMap).write(to: staging.appendingPathComponent("classmap.json"), atomically: false, encoding: .utf8)
            try finish(staging, as: output)
        } catch {
            try? fm.removeItem(at: staging)
            throw ZooError.wrap(error, context: "Cannot split \(source.path) into \(output.path)")
        }
        return Report(output: output, classes: dataset.classes, counts: counts)
    }

    /// Splits `total` items by percentage with the largest-remainder method (sizes add up to `total`).
    public static func apportion(_ total: Int, _ percentages: [Double]) -> [Int] {
        let exact = percentages.map { Double(total) * $0 / 100 }
        var sizes = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(sizes[$0]), -$0) > (exact[$1] - Double(sizes[$1]), -$1) }
        var k = 0
        while sizes.reduce(0, +) < total {
            sizes[order[k % order.count]] += 1
            k += 1
        }
        return sizes
    }

    /// A fresh staging folder beside `output` (which must not exist or be empty).
    static func stagingDirectory(for output: URL) throws -> URL {
        let fm = FileManager.default
        if fm.fileExists(atPath: output.path), !((try? fm.contentsOfDirectory(atPath: output.path)) ?? ["?"]).isEmpty {
            throw ZooError.usage("\(output.path) already exists and is not empty.", hint: "choose another output folder or remove it")
        }
        let staging = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial-\(getpid())")
        try? fm.removeItem(at: staging)
        try ZooPaths.ensureDirectory(staging)
        return staging
    }

    /// Moves a finished staging folder into place.
    static func finish(_ staging: URL, as output: URL) throws {
        if FileManager.default.fileExists(atPath: output.path) { try FileManager.default.removeItem(at: output) }
        try AtomicFile.replace(output, with: staging)
    }
}
