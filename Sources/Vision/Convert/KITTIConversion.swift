import Foundation
import ZooCore

/// KITTI half of `dataset_convert` (TAO's `KITTIConverter`).
struct KITTIConversion: ConversionJob {
    let config: KITTIConversionSource
    let dataset: KITTIDataset
    let root: URL
    /// Python's `random.seed(42)` generator, shared by every shuffle of the run.
    var random = PythonRandom(seed: 42)

    var numPartitions: Int { config.numPartitions }

    init(_ config: KITTIConversionSource) throws {
        self.config = config
        root = absolutePath(config.rootDirectoryPath)
        dataset = KITTIDataset(root: root, imageDirectory: config.imageDirName, labelDirectory: config.labelDirName,
                               imageExtension: config.imageExtension.isEmpty ? ".png" : config.imageExtension)
        guard config.numPartitions >= 0, config.numShards >= 0 else {
            throw ZooError.usage("num_partitions and num_shards cannot be negative.")
        }
    }

    func numShards(partition: Int) -> Int { config.numShards }

    mutating func partitions() throws -> [[String]] {
        var partitions: [[String]]
        switch config.partitionMode {
        case "random":
            guard config.numPartitions == 2 else {
                throw ZooError.usage("partition_mode \"random\" needs num_partitions: 2 (validation and training), not \(config.numPartitions).",
                                     hint: "set num_partitions: 2, or use partition_mode \"sequence\"")
            }
            // TAO: val_split / 100. in double precision, then int() of the product.
            let fraction = Double(config.valSplit) / 100
            guard fraction >= 0, fraction < 1 else {
                throw ZooError.usage("val_split must satisfy 0 <= val_split < 100, not \(config.valSplit).")
            }
            let frames = try dataset.frameIDs()
            guard !frames.isEmpty else {
                throw ZooError.usage("No \(dataset.imageExtension) images in \(dataset.imagesURL.path).",
                                     hint: "check root_directory_path, image_dir_name and image_extension")
            }
            let validation = Int(fraction * Double(frames.count))
            partitions = [Array(frames[..<validation]), Array(frames[validation...])]
            for i in partitions.indices { random.shuffle(&partitions[i]) }
        case "sequence":
            guard !config.kittiSequenceToFramesFile.isEmpty else {
                throw ZooError.usage("partition_mode \"sequence\" needs kitti_sequence_to_frames_file.",
                                     hint: "set it to the JSON file (relative to root_directory_path) mapping sequences to frame ids")
            }
            let sequences = try readSequences(root.appendingPathComponent(config.kittiSequenceToFramesFile))
            if config.numPartitions > 1 {
                let ordered = sequences.sorted { ($0.frames.count, $1.name) > ($1.frames.count, $0.name) }
                partitions = [[String]](repeating: [], count: config.numPartitions)
                for (i, sequence) in ordered.enumerated() { partitions[i % config.numPartitions] += sequence.frames }
                partitions.reverse()
            } else {
                partitions = [sequences.flatMap(\.frames)]
            }
        default:
            throw ZooError.usage("Unknown partition_mode \"\(config.partitionMode)\".", hint: "use \"random\" or \"sequence\"")
        }
        // convert() shuffles every partition once more.
        for i in partitions.indices { random.shuffle(&partitions[i]) }
        return partitions
    }

    /// Sequences of the sequence → frames JSON file, sorted by name.
    private func readSequences(_ url: URL) throws -> [(name: String, frames: [String])] {
        guard let data = try? Data(contentsOf: url) else {
            throw ZooError.notFound("Sequence file \(url.path) cannot be read.", hint: "check kitti_sequence_to_frames_file")
        }
        guard let map = try? JSONDecoder().decode([String: [String]].self, from: data) else {
            throw ZooError.usage("Sequence file \(url.path) is not a JSON object of sequence names to frame id lists.")
        }
        return map.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    func record(_ frame: String, partition: Int) throws -> ConvertedRecord {
        let info = try ImageInfo.read(dataset.imageURL(frame))
        let labelURL = dataset.labelURL(frame)
        let objects = try KITTILabels.read(labelURL)
        var kept: [KITTIObject] = []
        var classMap: [String: String] = [:]
        var invalid: [(String, [Int])] = []
        for (index, object) in objects.enumerated() {
            guard object.hasValidBox else {
                // TAO keys the warning by labels.index(label): the first identical line.
                let first = objects.firstIndex(of: object) ?? index
                invalid.append(("\(labelURL.path)_\(first)", [Int(object.box.x1), Int(object.box.y1), Int(object.box.x2), Int(object.box.y2)]))
                continue
            }
            var written = object
            written.type = object.type.lowercased()
            written.score = nil
            classMap[object.type] = written.type
            kept.append(written)
        }
        let frameID = (config.imageDirName as NSString).appendingPathComponent(frame)
        return ConvertedRecord(record: DetectionRecord(frameID: frameID, width: info.width, height: info.height, objects: kept),
                               classMap: classMap, invalidBoxes: invalid)
    }
}
