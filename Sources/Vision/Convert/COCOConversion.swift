import Foundation
import ZooCore

/// COCO half of `dataset_convert` (TAO's `COCOConverter`): each (image folder, annotation file)
/// pair is one partition, frames in the file's image order, no shuffling.
struct COCOConversion: ConversionJob {
    let config: COCOConversionSource
    let root: URL
    private var datasets: [COCODataset] = []
    private var annotations: [[Int: [COCOAnnotation]]] = []
    private var images: [[Int: COCOImage]] = []
    private var categoryNames: [Int: String] = [:]

    var numPartitions: Int { config.numPartitions }

    init(_ config: COCOConversionSource) throws {
        self.config = config
        root = absolutePath(config.rootDirectoryPath)
        guard config.imgDirNames.count == config.annotationFiles.count else {
            throw ZooError.usage("coco_config has \(config.imgDirNames.count) img_dir_names but \(config.annotationFiles.count) annotation_files.",
                                 hint: "give one image folder per annotation file")
        }
        guard config.imgDirNames.count == config.numPartitions else {
            throw ZooError.usage("coco_config has \(config.imgDirNames.count) image folders but num_partitions: \(config.numPartitions).",
                                 hint: "each (img_dir_names, annotation_files) pair is one partition")
        }
        guard config.numShards.count == 1 || config.numShards.count == config.numPartitions else {
            throw ZooError.usage("Number of shards \(config.numShards.count) does not match the number of partitions \(config.numPartitions).",
                                 hint: "give one num_shards value, or one per partition")
        }
    }

    func numShards(partition: Int) -> Int {
        config.numShards.count == 1 ? config.numShards[0] : config.numShards[partition]
    }

    mutating func partitions() throws -> [[String]] {
        var partitions: [[String]] = []
        var categoryIDs: Set<Int>?
        for file in config.annotationFiles {
            let dataset = try COCODataset.read(root.appendingPathComponent(file))
            let path = root.appendingPathComponent(file).path
            if dataset.annotations.isEmpty { throw ZooError.usage("\"annotations\" field is missing in the JSON file \(path).") }
            if dataset.images.isEmpty { throw ZooError.usage("\"images\" field is missing in the JSON file \(path).") }
            if dataset.categories.isEmpty { throw ZooError.usage("\"categories\" field is missing in the JSON file \(path).") }
            let ids = Set(dataset.categories.map(\.id))
            if let categoryIDs, categoryIDs != ids {
                throw ZooError.usage("The categories in your partitions don't match.", hint: "every annotation file needs the same category ids")
            }
            categoryIDs = ids
            for category in dataset.categories { categoryNames[category.id] = category.name.replacingOccurrences(of: " ", with: "") }
            datasets.append(dataset)
            annotations.append(dataset.annotationsByImage())
            images.append(Dictionary(dataset.images.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }))
            partitions.append(dataset.images.map { String($0.id) })
        }
        return partitions
    }

    func record(_ frame: String, partition: Int) throws -> ConvertedRecord {
        let imageID = Int(frame)!
        let image = images[partition][imageID]!
        let stem = image.fileName.split(separator: ".", omittingEmptySubsequences: false).dropLast().joined(separator: ".")
        let frameID = (config.imgDirNames[partition] as NSString).appendingPathComponent(stem.isEmpty ? image.fileName : stem)
        var kept: [KITTIObject] = []
        var classMap: [String: String] = [:]
        var invalid: [(String, [Int])] = []
        for annotation in annotations[partition][imageID] ?? [] {
            let box = annotation.box
            guard Int(box.x1) < Int(box.x2), Int(box.y1) < Int(box.y2) else {
                invalid.append((String(annotation.id), [Int(box.x1), Int(box.y1), Int(box.x2), Int(box.y2)]))
                continue
            }
            let name = categoryNames[annotation.categoryID] ?? String(annotation.categoryID)
            classMap[name] = name.lowercased()
            kept.append(KITTIObject(type: name.lowercased(), box: box))
        }
        return ConvertedRecord(record: DetectionRecord(frameID: frameID, width: image.width, height: image.height, objects: kept),
                               classMap: classMap, invalidBoxes: invalid)
    }
}
