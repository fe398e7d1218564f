import Foundation
import ZooCore

/// What a conversion wrote.
public struct ConversionReport: Sendable, Equatable {
    /// One written shard.
    public struct Shard: Sendable, Equatable {
        public var url: URL
        public var fold: Int
        public var records: Int
    }

    /// Every shard, in the order written.
    public var shards: [Shard]
    /// Frames per written partition (empty partitions are skipped, as TAO skips them).
    public var framesPerFold: [Int]
    /// Objects per class in each written partition.
    public var objectsPerFold: [[String: Int]]
    /// Source class → class written to the records.
    public var classMap: [String: String]
    /// The `<output>_warning.json` file, when some boxes were invalid.
    public var warningsFile: URL?
    /// Objects skipped for invalid boxes.
    public var invalidBoxes: Int

    /// Objects per class over all partitions.
    public var totalObjects: [String: Int] {
        objectsPerFold.reduce(into: [:]) { total, fold in for (k, v) in fold { total[k, default: 0] += v } }
    }
}

/// TAO's `dataset_convert`: partitions a KITTI or COCO dataset into folds, shards each fold and
/// writes `tf.train.Example` records with TAO's feature keys into TFRecord files named
/// `<output>-fold-%03d-of-%03d-shard-%05d-of-%05d`. KITTI partitions are shuffled with Python's
/// `random.seed(42)` sequence, so frames land in the same shards, in the same order, as with TAO.
public enum DatasetConverter {
    /// Runs the conversion. `output` is the file-name prefix; `validationFold` is the fold the
    /// sample modifier leaves alone; `progress` gets (frames done, frames total).
    public static func convert(_ config: ConversionConfig, output: String, validationFold: Int? = nil,
                               progress: ((Int, Int) -> Void)? = nil) throws -> ConversionReport {
        let outputURL = URL(fileURLWithPath: output)
        guard !outputURL.lastPathComponent.isEmpty, !output.hasSuffix("/") else {
            throw ZooError.usage("The output '\(output)' is a folder; dataset_convert needs a file-name prefix.",
                                 hint: "e.g. -o data/tfrecords/kitti_trainval/kitti_trainval")
        }
        var job: ConversionJob
        switch config.source {
        case .kitti(let kitti): job = try KITTIConversion(kitti)
        case .coco(let coco): job = try COCOConversion(coco)
        }
        var modifier = try SampleModifier(config: config.sampleModifier, validationFold: validationFold, folds: job.numPartitions)
        let partitions = try job.partitions()
        let total = partitions.reduce(0) { $0 + $1.count }
        var done = 0
        var report = ConversionReport(shards: [], framesPerFold: [], objectsPerFold: [], classMap: [:], warningsFile: nil, invalidBoxes: 0)
        var warnings: [(String, [Int])] = []
        var writers: [TFRecordWriter] = []
        do {
            // Empty partitions are skipped and the fold number is the index among the written ones (TAO's enumerate).
            for (fold, partition) in partitions.filter({ !$0.isEmpty }).enumerated() {
                let shardCount = max(job.numShards(partition: fold), 1)
                let shardSize = partition.count / shardCount
                var foldObjects: [String: Int] = [:]
                var foldFrames = 0
                for shard in 0..<shardCount {
                    var name = output
                    if job.numPartitions != 0 { name += String(format: "-fold-%03d-of-%03d", fold, job.numPartitions) }
                    let declaredShards = job.numShards(partition: fold)
                    if declaredShards != 0 { name += String(format: "-shard-%05d-of-%05d", shard, declaredShards) }
                    let writer = try TFRecordWriter(url: URL(fileURLWithPath: name))
                    writers.append(writer)
                    let end = shard + 1 < shardCount ? (shard + 1) * shardSize : partition.count
                    for frame in partition[(shard * shardSize)..<end] {
                        let converted = try job.record(frame, partition: fold)
                        warnings += converted.invalidBoxes
                        report.classMap.merge(converted.classMap) { _, new in new }
                        for copy in modifier.modify(converted.record, fold: fold) {
                            try writer.write(copy.example.serialized())
                            for object in copy.objects { foldObjects[object.type, default: 0] += 1 }
                            foldFrames += 1
                        }
                        done += 1
                        progress?(done, total)
                    }
                    report.shards.append(.init(url: writer.url, fold: fold, records: writer.count))
                }
                report.framesPerFold.append(foldFrames)
                report.objectsPerFold.append(foldObjects)
            }
            for writer in writers { try writer.finish() }
        } catch {
            for writer in writers { writer.discard() }
            throw error
        }
        report.invalidBoxes = warnings.count
        if !warnings.isEmpty {
            let url = URL(fileURLWithPath: output + "_warning.json")
            try AtomicFile.write(warningsJSON(warnings), to: url)
            report.warningsFile = url
        }
        return report
    }

    /// Python's `json.dump(log, f, indent=2)` of `{"<key>": [x1, y1, x2, y2]}`, keys in insertion order.
    static func warningsJSON(_ entries: [(String, [Int])]) -> String {
        var seen = Set<String>()
        var lines: [String] = []
        for (key, box) in entries where seen.insert(key).inserted {
            lines.append("  \(JSONText.quote(key)): [\n" + box.map { "    \($0)" }.joined(separator: ",\n") + "\n  ]")
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }
}

/// The dataset-specific half of a conversion.
protocol ConversionJob {
    var numPartitions: Int { get }
    /// Frame keys per partition, in writing order.
    mutating func partitions() throws -> [[String]]
    /// The declared shard count of a written partition (0 = one unnamed shard).
    func numShards(partition: Int) -> Int
    /// The record of one frame.
    func record(_ frame: String, partition: Int) throws -> ConvertedRecord
}

/// One converted frame.
struct ConvertedRecord {
    var record: DetectionRecord
    /// Source class → written class, for the objects of this frame.
    var classMap: [String: String]
    /// Skipped objects as (warning key, [x1, y1, x2, y2]).
    var invalidBoxes: [(String, [Int])]
}

/// An absolute path: relative ones are taken from the current directory, as TAO's `os.path.abspath`.
func absolutePath(_ path: String) -> URL {
    URL(fileURLWithPath: path).standardizedFileURL
}
