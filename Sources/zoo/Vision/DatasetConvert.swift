import ArgumentParser
import Foundation
import Specs
import Tasks
import Vision
import ZooCore

/// `zoo dataset convert`: TAO's `dataset_convert` for detection datasets (KITTI or COCO → TFRecord shards).
struct DatasetConvert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a KITTI or COCO dataset into TFRecord shards of tf.train.Example, as TAO's dataset_convert.",
        discussion: """
            The spec is TAO's dataset_convert spec (kitti_config or coco_config, sample_modifier_config, \
            target_class_mapping). Shards are named <output>-fold-000-of-002-shard-00000-of-00010; boxes TAO \
            rejects are listed in <output>_warning.json.
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: [.customShort("d"), .customLong("dataset_export_spec")], help: "The dataset_convert spec file.")
    var spec: String

    @Option(name: [.customShort("o"), .customLong("output_filename")], help: "Output file-name prefix, e.g. data/tfrecords/kitti_trainval/kitti_trainval.")
    var output: String

    @Option(name: [.customShort("f"), .customLong("validation_fold")],
            help: "The validation fold (0-based), left untouched by the sample modifier.")
    var validationFold: Int?

    func run() throws {
        let loaded = try DatasetConvertSpec.load(spec)
        let config = ConversionConfig(spec: loaded.message)
        let bar = ProgressBar(label: "convert", total: nil, unit: .items)
        let report = try DatasetConverter.convert(config, output: output, validationFold: validationFold) { done, total in
            bar.set(done: Int64(done), total: Int64(total))
        }
        bar.finish()
        let classes = report.totalObjects.keys.sorted()
        var table = Table(columns: ["fold", "frames"] + classes)
        for (fold, frames) in report.framesPerFold.enumerated() {
            table.append([String(fold), String(frames)] + classes.map { String(report.objectsPerFold[fold][$0] ?? 0) })
        }
        CLIOutput.print(table, format: global.format)
        guard global.format == .ascii else { return }
        let records = report.shards.reduce(0) { $0 + $1.records }
        print("Wrote \(records) records in \(report.shards.count) shard\(report.shards.count == 1 ? "" : "s") to \(output)-*")
        if let warnings = report.warningsFile {
            print("Skipped \(report.invalidBoxes) invalid box\(report.invalidBoxes == 1 ? "" : "es"); listed in \(warnings.path)")
        }
    }
}
