import Engine
import Foundation
import Synchronization
import Tasks
import Vision
import ZooCore

/// A class-folder dataset decoded, resized to the model's input and normalized with TAO's
/// `preprocess_mode`, held as one CHW float buffer. Synthetic and small real datasets fit in memory
/// this way, and every epoch after the first costs no decoding.
struct ClassificationData: Sendable {
    /// Class names in index order.
    let classes: [String]
    /// Every image's file, in dataset order.
    let paths: [URL]
    /// Every image's class index.
    let labels: [Int]
    /// `[C, H, W]` of each image.
    let shape: [Int]
    private let pixels: [Float]

    /// Number of images.
    var count: Int { labels.count }

    /// Reads every image of the class folders under `folder` (what `train_dataset_path` and its
    /// siblings name). A missing folder, a class folder with no images or an unreadable image is a
    /// one-line error naming it.
    static func load(_ folder: String, role: String, classMap: [String: Int]? = nil, inputShape: [Int],
                     normalization: PixelNormalization) throws -> ClassificationData {
        let root = URL(fileURLWithPath: folder, isDirectory: true)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ZooError.notFound("The \(role) dataset folder \(folder) does not exist.",
                                    hint: "generate one with 'zoo dataset synth vehicle_types --out DIR' or fix \(role)_dataset_path in the spec")
        }
        let dataset = try ClassFolderDataset(root: root, classMap: classMap)
        for (index, count) in dataset.countsPerClass.enumerated() where count == 0 {
            throw ZooError.usage("The class folder \(root.appendingPathComponent(dataset.classes[index]).path) has no images.",
                                 hint: "add .jpg/.png images to it, or remove the folder")
        }
        let pixels = try decode(dataset.samples.map(\.url), inputShape: inputShape, normalization: normalization)
        return ClassificationData(classes: dataset.classes, paths: dataset.samples.map(\.url),
                                  labels: dataset.samples.map(\.classIndex), shape: inputShape, pixels: pixels)
    }

    /// Unlabelled images (inference), each with label 0.
    static func images(_ urls: [URL], inputShape: [Int], normalization: PixelNormalization) throws -> ClassificationData {
        ClassificationData(classes: [], paths: urls, labels: [Int](repeating: 0, count: urls.count), shape: inputShape,
                           pixels: try decode(urls, inputShape: inputShape, normalization: normalization))
    }

    /// Decodes, resizes and normalizes `urls` in parallel into one CHW buffer.
    private static func decode(_ urls: [URL], inputShape: [Int], normalization: PixelNormalization) throws -> [Float] {
        let (c, h, w) = (inputShape[0], inputShape[1], inputShape[2])
        let size = c * h * w
        var pixels = [Float](repeating: 0, count: urls.count * size)
        let failures = Mutex<[Int: String]>([:])
        pixels.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress!
            DispatchQueue.concurrentPerform(iterations: urls.count) { i in
                do {
                    let image = try Image(contentsOf: urls[i]).withColorChannels(c).resized(width: w, height: h)
                    image.writeCHW(normalization, into: base + i * size)
                } catch {
                    failures.withLock { $0[i] = (error as? ZooError)?.message ?? "\(error)" }
                }
            }
        }
        if let (index, message) = failures.withLock({ $0.min { $0.key < $1.key } }) {
            throw ZooError.usage("Cannot read image \(urls[index].path): \(message)",
                                 hint: "remove or replace the file, then run again")
        }
        return pixels
    }

    /// The images at `indices` as one `[N, C, H, W]` tensor, each mirrored left–right where `flip` says so.
    func tensor(_ indices: ArraySlice<Int>, flip: (Int) -> Bool = { _ in false }) -> Tensor {
        let size = shape.reduce(1, *)
        let width = shape[2], rows = shape[0] * shape[1]
        var values = [Float](repeating: 0, count: indices.count * size)
        pixels.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (n, index) in indices.enumerated() {
                    let from = src.baseAddress! + index * size, to = dst.baseAddress! + n * size
                    if flip(n) {
                        for r in 0..<rows {
                            for x in 0..<width { to[r * width + x] = from[r * width + width - 1 - x] }
                        }
                    } else {
                        to.update(from: from, count: size)
                    }
                }
            }
        }
        return Tensor(values, shape: [indices.count] + shape)
    }

    /// The batches of one training epoch: shuffled by `seed` and `epoch`, randomly mirrored when
    /// `augment` is on; the last partial batch is dropped, as Keras' generator does with
    /// `drop_remainder` (batch norm needs more than one image).
    func trainingBatches(batchSize: Int, epoch: Int, seed: UInt64, augment: Bool) -> AnyIterator<TrainingBatch<[Int]>> {
        var generator = SeededGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        var order = Array(0..<count)
        order.shuffle(using: &generator)
        let batches = max(count / batchSize, count > 0 ? 1 : 0)
        var next = 0
        return AnyIterator {
            guard next < batches else { return nil }
            let slice = order[(next * batchSize)..<min((next + 1) * batchSize, order.count)]
            next += 1
            let flips = slice.map { _ in augment && generator.next() & 1 == 1 }
            return TrainingBatch(images: tensor(slice, flip: { flips[$0] }), targets: slice.map { labels[$0] })
        }
    }

    /// Batches over every image, in order (evaluation, inference, calibration).
    func orderedBatches(batchSize: Int) -> [ArraySlice<Int>] {
        stride(from: 0, to: count, by: max(batchSize, 1)).map { start in
            ArraySlice(start..<min(start + batchSize, count))
        }
    }
}
