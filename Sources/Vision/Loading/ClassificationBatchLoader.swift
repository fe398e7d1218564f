import Engine
import Foundation
import ZooCore

/// One batch for a classifier.
public struct ClassificationBatch: Sendable {
    /// `[N, C, H, W]`, normalized.
    public var images: Tensor
    /// Class index of each image.
    public var labels: [Int]
    /// The file of each image.
    public var paths: [String]
    /// With mixup, image `i` is `mixupWeights[i] · itself + (1 − mixupWeights[i]) · image
    /// `mixupPartners[i]` of the batch (whose label is `labels[mixupPartners[i]]`); both empty without mixup.
    public var mixupPartners: [Int] = []
    /// Mixup's λ per image (see `mixupPartners`).
    public var mixupWeights: [Float] = []

    /// Number of images.
    public var count: Int { labels.count }

    /// Training targets `[N, classes]`: one-hot labels, or with mixup
    /// `λ · onehot(label) + (1 − λ) · onehot(partner's label)`.
    public func targets(classes: Int) -> Tensor {
        Tensor(shape: [count, classes]) { t in
            t.initialize(repeating: 0)
            for (i, label) in labels.enumerated() {
                if mixupPartners.isEmpty {
                    t[i * classes + label] = 1
                } else {
                    t[i * classes + label] += mixupWeights[i]
                    t[i * classes + labels[mixupPartners[i]]] += 1 - mixupWeights[i]
                }
            }
        }
    }
}

/// How `ClassificationBatchLoader` builds batches.
public struct ClassificationLoaderOptions: Sendable {
    /// The network input (images are converted to its channels and resized to its size).
    public var input: InputShape
    /// TAO's `preprocess_mode` (`PixelNormalization.named("caffe" | "torch" | "tf")`).
    public var normalization: PixelNormalization
    /// Crop, flip, colour and mixup settings; its output size is always the input size.
    public var augmentation: ClassificationAugmentation
    /// True for training (`augmentation.augment`, and mixup when `mixupAlpha > 0`); false for
    /// evaluation (`augmentation.evaluate`: centre crop when enabled, else a plain resize).
    public var augment: Bool
    public var batchSize: Int
    /// Visit the images in a new seeded order every epoch (otherwise class by class, by name).
    public var shuffle: Bool
    /// Seeds the order, the augmentation and mixup; the same seed and epoch give the same batches.
    public var seed: UInt64
    /// Batches decoded ahead of the consumer.
    public var prefetch = 2
    /// Skip a last batch smaller than `batchSize`.
    public var dropRemainder = false

    public init(input: InputShape, normalization: PixelNormalization, augment: Bool, batchSize: Int,
                shuffle: Bool, seed: UInt64 = 0, augmentation: ClassificationAugmentation? = nil) {
        self.input = input
        self.normalization = normalization
        self.augment = augment
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.augmentation = augmentation ?? ClassificationAugmentation(outputWidth: input.width, outputHeight: input.height)
    }
}

/// Feeds a classification trainer from a `ClassFolderDataset`: every epoch yields
/// `ClassificationBatch`es (`[N, C, H, W]` tensors, labels, paths), decoded and augmented on a
/// background thread while the caller trains, at most `prefetch` batches ahead.
///
/// ```swift
/// let loader = try ClassificationBatchLoader(dataset: train, options: options)
/// let epoch = loader.epoch(3)
/// while let batch = try epoch.next() { … }   // epoch.stop() to end early
/// ```
/// A corrupt image ends the epoch with a `ZooError` naming the file.
public final class ClassificationBatchLoader: Sendable {
    public let dataset: ClassFolderDataset
    public let options: ClassificationLoaderOptions

    /// Checks the dataset and options: a dataset without images, a class folder without images,
    /// a bad input shape, normalization or batch size are `ZooError`s.
    public init(dataset: ClassFolderDataset, options: ClassificationLoaderOptions) throws {
        try options.input.validate(options.normalization)
        guard options.batchSize > 0 else {
            throw ZooError.usage("The batch size must be at least 1, got \(options.batchSize).", hint: "set batch_size_per_gpu")
        }
        guard !dataset.samples.isEmpty else {
            throw ZooError.usage("The dataset \(dataset.root.path) has no images.",
                                 hint: "put .jpg or .png files in its class folders, or generate a set with `zoo dataset synth vehicle_types`")
        }
        for (index, count) in dataset.countsPerClass.enumerated() where count == 0 {
            let folder = dataset.root.appendingPathComponent(dataset.classes[index])
            // With a class map, a class may have no folder here at all (an evaluation set); an existing empty one is a mistake.
            if FileManager.default.fileExists(atPath: folder.path) {
                throw ZooError.usage("The class folder \(folder.path) has no images.",
                                     hint: "add .jpg or .png images to it, or remove the folder")
            }
        }
        var options = options
        options.augmentation.outputWidth = options.input.width
        options.augmentation.outputHeight = options.input.height
        self.dataset = dataset
        self.options = options
    }

    /// Batches per epoch.
    public var batchesPerEpoch: Int {
        let n = dataset.samples.count, b = options.batchSize
        return options.dropRemainder ? n / b : (n + b - 1) / b
    }

    /// The sample indices of `epoch`, in visiting order.
    public func order(epoch: Int) -> [Int] {
        var order = Array(dataset.samples.indices)
        if options.shuffle {
            var random = SeededRandom(seed: options.seed, stream: epoch)
            random.shuffle(&order)
        }
        return order
    }

    /// Starts decoding the batches of `epoch` in the background.
    public func epoch(_ epoch: Int) -> ClassificationEpoch {
        let order = order(epoch: epoch)
        let batchSize = options.batchSize, total = order.count
        return ClassificationEpoch(Prefetcher(count: batchesPerEpoch, capacity: options.prefetch, name: "zoo.classification-loader") {
            [self] batch in
            let start = batch * batchSize
            return try makeBatch(order[start..<min(start + batchSize, total)], epoch: epoch, batch: batch)
        })
    }

    /// Decodes, augments and normalizes the samples at `positions` into one batch.
    func makeBatch(_ positions: ArraySlice<Int>, epoch: Int, batch: Int) throws -> ClassificationBatch {
        let input = options.input, n = positions.count
        let samples = positions.map { dataset.samples[$0] }
        var images = Tensor(shape: [n, input.channels, input.height, input.width], repeating: 0)
        try images.withUnsafeMutableBufferPointer { buffer in
            for (i, sample) in samples.enumerated() {
                let decoded = try decodeClassificationImage(sample.url, channels: input.channels)
                var image: Image
                if options.augment {
                    // One stream per (epoch, position): the result does not depend on timing or batch size.
                    var random = SeededRandom(seed: options.seed ^ 0xA5A5_5A5A_C3C3_3C3C, stream: epoch &* dataset.samples.count &+ positions.startIndex &+ i)
                    image = options.augmentation.augment(decoded, random: &random)
                } else {
                    image = options.augmentation.evaluate(decoded)
                }
                image.writeCHW(options.normalization, into: buffer.baseAddress! + i * input.count)
            }
        }
        var result = ClassificationBatch(images: images, labels: samples.map(\.classIndex), paths: samples.map(\.url.path))
        if options.augment, options.augmentation.mixupAlpha > 0, n > 1 {
            var random = SeededRandom(seed: options.seed ^ 0x3C3C_C3C3_5A5A_A5A5, stream: epoch &* 1_000_003 &+ batch)
            mix(&result, random: &random)
        }
        return result
    }

    /// TAO's mixup within the batch: each image blended with a random partner, λ ~ Beta(α, α).
    /// Blending normalized tensors equals normalizing blended images (the normalization is affine).
    private func mix(_ batch: inout ClassificationBatch, random: inout SeededRandom) {
        let n = batch.count, per = options.input.count, alpha = Double(options.augmentation.mixupAlpha)
        var partners = Array(0..<n)
        random.shuffle(&partners)
        let weights = (0..<n).map { _ in Float(random.beta(alpha, alpha)) }
        let original = batch.images
        original.withUnsafeBufferPointer { src in
            batch.images.withUnsafeMutableBufferPointer { dst in
                for i in 0..<n {
                    let a = i * per, b = partners[i] * per, l = weights[i]
                    for k in 0..<per { dst[a &+ k] = l * src[a &+ k] + (1 - l) * src[b &+ k] }
                }
            }
        }
        batch.mixupPartners = partners
        batch.mixupWeights = weights
    }
}

/// The batches of one epoch, produced in the background. Read them with `next()`; `stop()` (or
/// releasing the epoch) ends the background work early.
public final class ClassificationEpoch: Sendable {
    private let prefetcher: Prefetcher<ClassificationBatch>

    init(_ prefetcher: Prefetcher<ClassificationBatch>) {
        self.prefetcher = prefetcher
    }

    /// The next batch, waiting for it if it is not ready; nil at the end of the epoch or after
    /// `stop()`. Throws the `ZooError` of an image that could not be read (the epoch ends there).
    public func next() throws -> ClassificationBatch? {
        try prefetcher.next()
    }

    /// Stops decoding and returns once the background thread has exited.
    public func stop() {
        prefetcher.cancel()
    }

    deinit { prefetcher.cancel() }
}
