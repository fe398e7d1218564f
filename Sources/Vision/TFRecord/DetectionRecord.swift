import Foundation
import ZooCore

/// One frame of TAO's detection TFRecords: the image id and size plus every object's KITTI
/// fields, under TAO's feature keys (`frame/id`, `frame/height`, `frame/width`,
/// `target/object_class`, `target/truncation`, `target/occlusion`, `target/observation_angle`,
/// `target/coordinates_{x1,y1,x2,y2}`, `target/world_bbox_{h,w,l,x,y,z,rot_y}`).
public struct DetectionRecord: Sendable, Equatable {
    /// `image_dir_name/frame_id` (no extension); the image is `image_directory_path/frame/id + image_extension`.
    public var frameID: String
    public var width: Int
    public var height: Int
    /// Objects, `type` holding the class as written to the record (lower-cased source class).
    public var objects: [KITTIObject]

    public init(frameID: String, width: Int, height: Int, objects: [KITTIObject]) {
        self.frameID = frameID; self.width = width; self.height = height; self.objects = objects
    }

    /// Feature keys, as TAO's converters write them.
    public enum Key {
        public static let frameID = "frame/id", height = "frame/height", width = "frame/width"
        public static let objectClass = "target/object_class", truncation = "target/truncation"
        public static let occlusion = "target/occlusion", observationAngle = "target/observation_angle"
        public static let x1 = "target/coordinates_x1", y1 = "target/coordinates_y1"
        public static let x2 = "target/coordinates_x2", y2 = "target/coordinates_y2"
        public static let worldH = "target/world_bbox_h", worldW = "target/world_bbox_w", worldL = "target/world_bbox_l"
        public static let worldX = "target/world_bbox_x", worldY = "target/world_bbox_y", worldZ = "target/world_bbox_z"
        public static let worldRotY = "target/world_bbox_rot_y"
    }

    /// The record as a `tf.train.Example`.
    public var example: TFExample {
        TFExample(features: [
            Key.frameID: .strings([frameID]),
            Key.height: .ints([Int64(height)]),
            Key.width: .ints([Int64(width)]),
            Key.objectClass: .strings(objects.map(\.type)),
            Key.truncation: .floats(objects.map(\.truncation)),
            Key.occlusion: .ints(objects.map { Int64($0.occlusion) }),
            Key.observationAngle: .floats(objects.map(\.alpha)),
            Key.x1: .floats(objects.map(\.box.x1)),
            Key.y1: .floats(objects.map(\.box.y1)),
            Key.x2: .floats(objects.map(\.box.x2)),
            Key.y2: .floats(objects.map(\.box.y2)),
            Key.worldH: .floats(objects.map(\.dimensions.x)),
            Key.worldW: .floats(objects.map(\.dimensions.y)),
            Key.worldL: .floats(objects.map(\.dimensions.z)),
            Key.worldX: .floats(objects.map(\.location.x)),
            Key.worldY: .floats(objects.map(\.location.y)),
            Key.worldZ: .floats(objects.map(\.location.z)),
            Key.worldRotY: .floats(objects.map(\.rotationY)),
        ])
    }

    /// Reads a record back from its `tf.train.Example`; `source` names it in errors.
    public init(example: TFExample, source: String) throws {
        guard let frameID = example.strings(Key.frameID).first,
              let height = example.ints(Key.height).first, let width = example.ints(Key.width).first else {
            throw ZooError("\(source): record without frame/id, frame/height and frame/width.",
                           hint: "the file is not a detection TFRecord written by dataset_convert", exitCode: ZooError.Code.integrity)
        }
        let classes = example.strings(Key.objectClass)
        let n = classes.count
        func floats(_ key: String) throws -> [Float] {
            let values = example.floats(key)
            if values.isEmpty && n > 0 && example.features[key] == nil { return [Float](repeating: 0, count: n) }
            guard values.count == n else {
                throw ZooError("\(source): frame \(frameID) has \(n) classes but \(values.count) values of \(key).",
                               exitCode: ZooError.Code.integrity)
            }
            return values
        }
        let x1 = try floats(Key.x1), y1 = try floats(Key.y1), x2 = try floats(Key.x2), y2 = try floats(Key.y2)
        let truncation = try floats(Key.truncation), alpha = try floats(Key.observationAngle)
        let h = try floats(Key.worldH), w = try floats(Key.worldW), l = try floats(Key.worldL)
        let wx = try floats(Key.worldX), wy = try floats(Key.worldY), wz = try floats(Key.worldZ), rot = try floats(Key.worldRotY)
        let occlusion = example.ints(Key.occlusion)
        self.frameID = frameID
        self.width = Int(width)
        self.height = Int(height)
        objects = (0..<n).map { i in
            KITTIObject(type: classes[i], box: BoundingBox(x1: x1[i], y1: y1[i], x2: x2[i], y2: y2[i]),
                        truncation: truncation[i], occlusion: i < occlusion.count ? Int(occlusion[i]) : 0, alpha: alpha[i],
                        dimensions: SIMD3(h[i], w[i], l[i]), location: SIMD3(wx[i], wy[i], wz[i]), rotationY: rot[i])
        }
    }

    /// Every record of the TFRecord files, in order.
    public static func read(_ files: [URL]) throws -> [DetectionRecord] {
        var records: [DetectionRecord] = []
        for file in files {
            var iterator = try TFRecordReader(url: file).makeIterator()
            while let data = try iterator.nextRecord() {
                let example: TFExample
                do { example = try TFExample(serialized: data) } catch {
                    throw ZooError("\(file.path): record before byte offset \(iterator.offset) is not a tf.train.Example.",
                                   exitCode: ZooError.Code.integrity)
                }
                records.append(try DetectionRecord(example: example, source: file.path))
            }
        }
        return records
    }
}

/// Finding TFRecord shards and telling validation folds from training ones, as TAO's
/// `tfrecords_path` globs and `validation_fold` do.
public enum TFRecordShards {
    /// Files matching a path whose last component may hold `*`/`?` wildcards, sorted.
    public static func resolve(_ pattern: String) throws -> [URL] {
        let url = URL(fileURLWithPath: pattern)
        let name = url.lastPathComponent
        let glob = Glob(name)
        guard glob.isPattern else {
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw ZooError.notFound("TFRecord file \(pattern) does not exist.", hint: "run dataset_convert first, or fix tfrecords_path")
            }
            return [url]
        }
        let directory = url.deletingLastPathComponent()
        let names = try KITTIDataset.listDirectory(directory, what: "TFRecord folder")
            .filter { glob.matches($0) && !$0.hasPrefix(".") && !$0.hasSuffix(".json") }.sorted()
        guard !names.isEmpty else {
            throw ZooError.notFound("No TFRecord files match \(pattern).", hint: "run dataset_convert first, or fix tfrecords_path")
        }
        return names.map { directory.appendingPathComponent($0) }
    }

    /// Whether a shard belongs to validation fold `fold` (its name holds `fold-<fold, 3 digits>-of-`).
    public static func isInFold(_ url: URL, fold: Int) -> Bool {
        url.lastPathComponent.contains(String(format: "fold-%03d-of-", fold))
    }
}
