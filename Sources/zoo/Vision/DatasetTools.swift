import ArgumentParser
import Tasks
import Foundation
import Vision
import ZooCore

struct DatasetStats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Per-class counts, box size and relative-area histograms, image entropy and brightness.",
        discussion: "DIR is a KITTI dataset (images/ + labels/), a COCO dataset (images/ + annotations/*.json) or one folder per class.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The dataset folder.")
    var directory: String

    @Option(name: .customLong("plot"), help: "Also write the histograms as a chart: a .png or .svg file.")
    var plot: String?

    @Option(name: .customLong("sample"), help: "Measure entropy and brightness on this many images spread over the dataset (default: all).")
    var sample: Int?

    func run() throws {
        var plotURL: URL?
        if let plot {
            let url = URL(fileURLWithPath: plot)
            guard ["png", "svg"].contains(url.pathExtension.lowercased()) else {
                throw ZooError.usage("--plot must name a .png or .svg file.")
            }
            plotURL = url
        }
        let stats = try DatasetStatistics.compute(URL(fileURLWithPath: directory), sample: sample)
        let format = global.format
        if format == .ascii {
            print("\(stats.directory.path): \(stats.images) images, \(stats.layout.rawValue) layout")
        }
        CLIOutput.print(stats.classTable, format: format)
        for histogram in stats.histograms { CLIOutput.print(stats.table(histogram), format: format) }
        if format == .ascii {
            print(String(format: "Mean image entropy %.2f bits, mean brightness %.3f (over %d images).",
                         stats.meanEntropy, stats.meanBrightness, stats.imagesMeasured))
        }
        if let plotURL {
            if plotURL.pathExtension.lowercased() == "svg" {
                try AtomicFile.write(stats.chart.svg(), to: plotURL)
            } else {
                try AtomicFile.write(stats.chart.png(), to: plotURL)
            }
            if format == .ascii { print("Wrote \(plotURL.path)") }
        }
    }
}

struct DatasetSplit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "split",
        abstract: "Split a class-folder dataset into train/val/test class folders (per class, shuffled with a seed).")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The class-folder dataset.")
    var directory: String

    @Option(name: .customLong("out"), help: "Output folder (default: DIR_split); gets train/, val/, test/ and classmap.json.")
    var out: String?

    @Option(name: .customLong("train"), help: "Percent of each class for training.")
    var train: Double = 70

    @Option(name: .customLong("val"), help: "Percent of each class for validation.")
    var val: Double = 15

    @Option(name: .customLong("test"), help: "Percent of each class for testing.")
    var test: Double = 15

    @Option(name: .customLong("seed"), help: "Random seed.")
    var seed: UInt64 = 0

    @Flag(name: .customLong("link"), help: "Hard-link the images instead of copying them.")
    var link = false

    func run() throws {
        let source = URL(fileURLWithPath: directory).standardizedFileURL
        let output = URL(fileURLWithPath: out ?? source.path + "_split")
        let report = try DatasetSplitter.split(source, into: output, train: train, val: val, test: test, seed: seed, link: link)
        var table = Table(columns: ["class"] + DatasetSplitter.splitNames)
        for (i, name) in report.classes.enumerated() { table.append([name] + report.counts.map { String($0[i]) }) }
        CLIOutput.print(table, format: global.format)
        if global.format == .ascii { print("Wrote \(output.path)") }
    }
}

struct DatasetRebalance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebalance",
        abstract: "Cluster KITTI boxes by appearance and augment the small clusters up to a target count.",
        discussion: """
            Each box is described by [mean R, G, B, gray std, gray entropy, relative area]; k-means groups \
            them; frames with boxes of clusters below the target are augmented (flip, zoom, shift, colour) \
            and written with the originals as a new KITTI dataset.
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The KITTI dataset (images/ + labels/).")
    var directory: String

    @Option(name: .customLong("out"), help: "Output folder for the rebalanced KITTI dataset.")
    var out: String

    @Option(name: .customLong("clusters"), help: "Number of appearance clusters.")
    var clusters: Int = 6

    @Option(name: .customLong("target"), help: "Boxes wanted per cluster (default: the largest cluster's count).")
    var target: Int?

    @Option(name: .customLong("max-copies"), help: "At most this many augmented copies of one frame.")
    var maxCopies: Int = 8

    @Option(name: .customLong("seed"), help: "Random seed.")
    var seed: UInt64 = 0

    func run() throws {
        let report = try DatasetRebalancer.rebalance(URL(fileURLWithPath: directory), into: URL(fileURLWithPath: out),
                                                     options: .init(clusters: clusters, target: target, seed: seed, maxCopiesPerFrame: maxCopies))
        var table = Table(columns: ["cluster", "common class", "mean RGB", "gray std", "entropy", "rel. area", "boxes before", "boxes after"])
        for (i, c) in report.clusters.enumerated() {
            table.append([String(i), c.commonClass, String(format: "%.2f %.2f %.2f", c.centroid[0], c.centroid[1], c.centroid[2]),
                          String(format: "%.3f", c.centroid[3]), String(format: "%.2f", c.centroid[4]), String(format: "%.4f", c.centroid[5]),
                          String(c.before), String(c.after)])
        }
        CLIOutput.print(table, format: global.format)
        if global.format == .ascii {
            print("Wrote \(report.originalFrames) original and \(report.augmentedFrames) augmented frames to \(report.output.path)")
        }
    }
}
