import Foundation
import Synchronization
import ZooCore

/// Rebalances a KITTI dataset by appearance: every box is described by
/// [mean R, G, B, gray std, gray entropy, relative area], the boxes are clustered with k-means,
/// and frames holding boxes of under-represented clusters are augmented (flip, zoom, shift,
/// colour — boxes move with the pixels) until each cluster reaches the target count. The result
/// is a new KITTI dataset: the originals plus the augmented frames.
public enum DatasetRebalancer {
    public struct Options: Sendable {
        public var clusters: Int
        /// Boxes wanted per cluster (default: the largest cluster's count).
        public var target: Int?
        public var seed: UInt64
        /// At most this many augmented copies of one frame.
        public var maxCopiesPerFrame: Int

        public init(clusters: Int = 6, target: Int? = nil, seed: UInt64 = 0, maxCopiesPerFrame: Int = 8) {
            self.clusters = clusters; self.target = target; self.seed = seed; self.maxCopiesPerFrame = maxCopiesPerFrame
        }
    }

    /// One appearance cluster.
    public struct Cluster: Sendable, Equatable {
        /// Mean features: R, G, B (0–1), gray std, gray entropy (bits), relative area.
        public var centroid: [Double]
        /// The most common class among its boxes.
        public var commonClass: String
        public var before: Int
        public var after: Int
    }

    public struct Report: Sendable, Equatable {
        public var output: URL
        public var clusters: [Cluster]
        public var originalFrames: Int
        public var augmentedFrames: Int
    }

    /// The appearance features of one box in its image.
    public static func features(of box: BoundingBox, in image: Image) -> [Double] {
        let m = image.colorMoments(in: box)
        return [m.r, m.g, m.b, m.grayStd, image.grayEntropy(in: box),
                Double(box.clipped(width: Float(image.width), height: Float(image.height)).area) / Double(max(image.width * image.height, 1))]
    }

    public static func rebalance(_ source: URL, into output: URL, options: Options = Options()) throws -> Report {
        guard options.clusters >= 1 else { throw ZooError.usage("--clusters must be at least 1.") }
        let dataset = try KITTIDataset.detect(root: source)
        let frames = try dataset.frameIDs()
        guard !frames.isEmpty else { throw ZooError.usage("\(source.path) has no images.") }

        // Features of every box, frames measured on all cores.
        struct BoxRef { var frame: Int; var object: Int; var features: [Double]; var className: String }
        let labels = try frames.map { try dataset.objects($0) }
        let measured = Mutex<[[BoxRef]]>([[BoxRef]](repeating: [], count: frames.count))
        let failure = Mutex<ZooError?>(nil)
        DispatchQueue.concurrentPerform(iterations: frames.count) { f in
            do {
                let image = try Image(contentsOf: dataset.imageURL(frames[f]))
                let refs = labels[f].enumerated().compactMap { (i, object) -> BoxRef? in
                    let box = object.box.clipped(width: Float(image.width), height: Float(image.height))
                    guard box.width >= 1, box.height >= 1 else { return nil }
                    return BoxRef(frame: f, object: i, features: features(of: box, in: image), className: object.type.lowercased())
                }
                measured.withLock { $0[f] = refs }
            } catch {
                failure.withLock { if $0 == nil { $0 = ZooError.wrap(error) } }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        let boxes = measured.withLock { $0 }.flatMap { $0 }
        guard !boxes.isEmpty else { throw ZooError.usage("\(source.path) has no labeled boxes to rebalance.") }

        // Standardize, cluster.
        let dimensions = boxes[0].features.count
        var mean = [Double](repeating: 0, count: dimensions), std = [Double](repeating: 0, count: dimensions)
        for b in boxes { for j in 0..<dimensions { mean[j] += b.features[j] / Double(boxes.count) } }
        for b in boxes { for j in 0..<dimensions { std[j] += (b.features[j] - mean[j]) * (b.features[j] - mean[j]) / Double(boxes.count) } }
        std = std.map { max($0.squareRoot(), 1e-9) }
        var random = SeededRandom(seed: options.seed)
        let kmeans = KMeans(points: boxes.map { b in (0..<dimensions).map { (b.features[$0] - mean[$0]) / std[$0] } },
                            k: options.clusters, random: &random)
        let k = kmeans.centroids.count
        var clusterOf: [Int: [Int: Int]] = [:]  // frame → object → cluster
        var before = [Int](repeating: 0, count: k)
        var classes = [[String: Int]](repeating: [:], count: k)
        for (b, c) in zip(boxes, kmeans.assignments) {
            clusterOf[b.frame, default: [:]][b.object] = c
            before[c] += 1
            classes[c][b.className, default: 0] += 1
        }
        let target = options.target ?? (before.max() ?? 0)

        // Augment frames of the small clusters.
        let staging = try DatasetSplitter.stagingDirectory(for: output)
        let fm = FileManager.default
        var after = before
        var augmentedFrames = 0
        do {
            let images = staging.appendingPathComponent(dataset.imageDirectory), labelsOut = staging.appendingPathComponent(dataset.labelDirectory)
            try ZooPaths.ensureDirectory(images)
            try ZooPaths.ensureDirectory(labelsOut)
            for frame in frames {
                try fm.copyItem(at: dataset.imageURL(frame), to: images.appendingPathComponent(frame + dataset.imageExtension))
                try fm.copyItem(at: dataset.labelURL(frame), to: labelsOut.appendingPathComponent(frame + ".txt"))
            }
            var copies = [Int](repeating: 0, count: frames.count)
            let format = ImageFormat(pathExtension: dataset.imageExtension) ?? .png
            for c in (0..<k).sorted(by: { before[$0] < before[$1] }) where after[c] < target {
                var candidates = clusterOf.filter { $0.value.values.contains(c) }.map(\.key).sorted()
                random.shuffle(&candidates)
                var cursor = 0
                while after[c] < target {
                    let open = candidates.filter { copies[$0] < options.maxCopiesPerFrame }
                    guard !open.isEmpty else { break }
                    let f = open[cursor % open.count]
                    cursor += 1
                    copies[f] += 1
                    let image = try Image(contentsOf: dataset.imageURL(frames[f]))
                    let sample = LabeledImage(image: image, boxes: labels[f].enumerated().map { LabeledBox(box: $1.box, label: $0) })
                    var augmentation = DetectNetAugmentation(outputWidth: image.width, outputHeight: image.height)
                    augmentation.hflipProbability = 0.5
                    augmentation.zoomMin = 0.85; augmentation.zoomMax = 1.15
                    augmentation.translateMaxX = Float(image.width) * 0.05; augmentation.translateMaxY = Float(image.height) * 0.05
                    augmentation.hueRotationMax = 10; augmentation.saturationShiftMax = 0.15
                    augmentation.contrastScaleMax = 0.15; augmentation.colorShiftStddev = 0.03
                    augmentation.minBoxWidth = 2; augmentation.minBoxHeight = 2
                    let augmented = augmentation.augment(sample, random: &random)
                    let name = "\(frames[f])_rebalanced\(copies[f])"
                    let objects = augmented.boxes.map { labeled -> KITTIObject in
                        var object = labels[f][labeled.label]
                        object.box = BoundingBox(x1: (labeled.box.x1 * 100).rounded() / 100, y1: (labeled.box.y1 * 100).rounded() / 100,
                                                 x2: (labeled.box.x2 * 100).rounded() / 100, y2: (labeled.box.y2 * 100).rounded() / 100)
                        if let cluster = clusterOf[f]?[labeled.label] { after[cluster] += 1 }
                        return object
                    }
                    try augmented.image.encoded(as: format).write(to: images.appendingPathComponent(name + dataset.imageExtension))
                    try KITTILabels.format(objects).write(to: labelsOut.appendingPathComponent(name + ".txt"), atomically: false, encoding: .utf8)
                    augmentedFrames += 1
                }
            }
            try DatasetSplitter.finish(staging, as: output)
        } catch {
            try? fm.removeItem(at: staging)
            throw ZooError.wrap(error, context: "Cannot rebalance \(source.path) into \(output.path)")
        }
        let clusters = (0..<k).map { c in
            Cluster(centroid: kmeans.centroids[c].enumerated().map { $1 * std[$0] + mean[$0] },
                    commonClass: classes[c].max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "",
                    before: before[c], after: after[c])
        }
        return Report(output: output, clusters: clusters, originalFrames: frames.count, augmentedFrames: augmentedFrames)
    }
}
