import ArgumentParser
import Tasks
import Backbones
import Engine
import Foundation
import ZooCore

/// `zoo bench`: measurements of zoo's own machinery.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure zoo's machinery on this machine.",
        subcommands: [BenchEngineCommand.self])
}

/// `zoo bench engine`: times training or inference steps of a network on random data.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Time training or inference steps of a network and print ms/step, images/s, GFLOP/s and peak RSS.",
        discussion: """
            resnet18 is TAO's ResNet-18 with max-pooling and a 10-class dense head (ImageNet layout); \
            detectnet_resnet18 is DetectNet_v2's network: ResNet-18 at output stride 16 with all projections \
            and 1×1 heads output_cov (3, sigmoid) and output_bbox (12). A training step is forward, loss, \
            backward and an Adam update; GFLOP counts convolutions and dense layers, 3× forward for training.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(help: "Network: resnet18 or detectnet_resnet18.")
    var model = "resnet18"

    @Option(help: "Images per step.")
    var batch = 8

    @Option(help: "Input size as CxHxW (default 3x224x224; 3x272x480 for detectnet_resnet18).")
    var input: String?

    @Option(help: "What to time: train or infer.")
    var mode = "train"

    @Option(help: "Timed steps (the median is reported).")
    var steps = 10

    @Option(help: "Untimed warm-up steps.")
    var warmup = 3

    mutating func run() async throws {
        guard ["train", "infer"].contains(mode) else {
            throw ZooError.usage("Unknown --mode '\(mode)'.", hint: "use train or infer")
        }
        guard batch >= 1, steps >= 1, warmup >= 0 else {
            throw ZooError.usage("--batch and --steps must be at least 1 and --warmup at least 0.")
        }
        let network = try BenchNetwork(name: model, input: input)
        let bench = try EngineBenchmark(network: network, batch: batch)
        let result = try bench.run(training: mode == "train", steps: steps, warmup: warmup)
        let info = BLASInfo.current
        if let warning = info.warning { Terminal.write("Warning: \(warning)\n", to: .standardError) }
        let table = Table(columns: ["model", "mode", "batch", "input", "ms_per_step", "images_per_s", "gflop_per_step",
                                    "gflop_per_s", "peak_rss_mb", "blas"],
                          rows: [[network.name, mode, String(batch), network.inputDescription,
                                  Format.decimal(result.medianSeconds * 1000, places: 1),
                                  Format.decimal(Double(batch) / result.medianSeconds, places: 1),
                                  Format.decimal(result.flopsPerStep / 1e9, places: 2),
                                  Format.decimal(result.flopsPerStep / result.medianSeconds / 1e9, places: 1),
                                  Format.decimal(Double(result.peakRSSBytes) / 1_048_576, places: 0),
                                  info.summary]])
        CLIOutput.print(table, format: global.format)
    }
}
