import ArgumentParser
import Tasks
import Foundation
import Vision
import ZooCore

/// `zoo dataset …`: synthetic data, dataset_convert, and the data-curation tools.
struct DatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Generate, convert and inspect datasets (KITTI, class folders, COCO, TFRecords).",
        subcommands: [DatasetSynth.self, DatasetConvert.self, DatasetStats.self, DatasetSplit.self, DatasetRebalance.self])
}

extension SyntheticKind: ExpressibleByArgument {}

/// Parses `WxH` sizes.
struct ImageSize: ExpressibleByArgument {
    var width: Int
    var height: Int

    init?(argument: String) {
        let parts = argument.lowercased().split(separator: "x")
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]), w > 0, h > 0 else { return nil }
        width = w
        height = h
    }
}

struct DatasetSynth: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic dataset: real images with real labels, deterministic for a seed.",
        discussion: """
            Kinds: people, traffic, dashcam, ir_faces (KITTI images/ + labels/), vehicle_types, vehicle_makes \
            (one folder per class), poses (COCO person keypoints: images/ + annotations/person_keypoints.json). \
            The same --seed always gives the same bytes.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "What to generate: \(SyntheticKind.allCases.map(\.rawValue).joined(separator: ", ")).")
    var kind: SyntheticKind

    @Option(name: .customLong("out"), help: "Output folder (must not exist or be empty).")
    var out: String

    @Option(name: .customLong("count"), help: "Number of images.")
    var count: Int = 100

    @Option(name: .customLong("seed"), help: "Random seed.")
    var seed: UInt64 = 0

    @Option(name: .customLong("size"), help: "Image size WxH (default: 480x272 detection, 384x240 ir_faces, 224x224 classification, 256x256 poses).")
    var size: ImageSize?

    @Option(name: .customLong("format"), help: "Image format: png or jpeg (default: png for KITTI kinds, jpeg otherwise).")
    var format: String?

    func run() throws {
        var imageFormat: ImageFormat?
        if let format {
            guard let parsed = ImageFormat(pathExtension: format) else {
                throw ZooError.usage("Unknown image format '\(format)'.", hint: "use png or jpeg")
            }
            imageFormat = parsed
        }
        let bar = ProgressBar(label: "synth \(kind.rawValue)", total: Int64(count), unit: .items)
        let report = try SyntheticDataset.generate(kind, count: count, seed: seed, width: size?.width, height: size?.height,
                                                   format: imageFormat, output: URL(fileURLWithPath: out), advance: { bar.advance(by: 1) })
        bar.finish()
        var table = Table(columns: ["class", kind.layout == .classFolders ? "images" : "objects"])
        for name in kind.classes { table.append([name, String(report.countsPerClass[name] ?? 0)]) }
        CLIOutput.print(table, format: global.format)
        if global.format == .ascii {
            print("Wrote \(report.images) \(kind.rawValue) images to \(report.directory.path)")
        }
    }
}
