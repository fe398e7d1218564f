import Engine
import Foundation
import Synchronization
import Vision
import ZooCore

/// A class-folder dataset decoded, resized to the model's input and normalized with TAO's
/// `preprocess_mode`, held as one CHW float buffer: what validation, evaluation, inference and
/// calibration read in order, every epoch without decoding again. (Training batches, shuffled and
/// augmented, come from Vision's `ClassificationBatchLoader`.)
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

    /// The class folders under `folder` (what `train_dataset_path` and its siblings name). A missing
    /// folder or a class folder with no images is a one-line error naming it.
    static func scan(_ folder: String, role: String, classMap: [String: Int]? = nil) throws -> ClassFolderDataset {
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
        return dataset
    }

    /// Reads every image of the class folders under `folder` (see `scan`); an unreadable image is
    /// a one-line error naming it.
    static func load(_ folder: String, role: String, classMap: [String: Int]? = nil, inputShape: [Int],
                     normalization: PixelNormalization) throws -> ClassificationData {
        let dataset = try scan(folder, role: role, classMap: classMap)
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

    /// The images at `indices` as one `[N, C, H, W]` tensor.
    func tensor(_ indices: ArraySlice<Int>) -> Tensor {
        let size = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: indices.count * size)
        pixels.withUnsafeBufferPointer { src in
            values.withUnsafeMutableBufferPointer { dst in
                for (n, index) in indices.enumerated() {
                    (dst.baseAddress! + n * size).update(from: src.baseAddress! + index * size, count: size)
                }
            }
        }
        return Tensor(values, shape: [indices.count] + shape)
    }

    /// Batches over every image, in order (evaluation, inference, calibration).
    func orderedBatches(batchSize: Int) -> [ArraySlice<Int>] {
        stride(from: 0, to: count, by: max(batchSize, 1)).map { start in
            ArraySlice(start..<min(start + batchSize, count))
        }
    }
}
