import Engine
import Foundation
import Testing
import ZooCore
@testable import Vision

@Suite struct ClassificationLoaderTests {
    /// 12 synthetic vehicle crops (6 classes × 2) at 40×40.
    private func vehicles(_ root: URL) throws -> ClassFolderDataset {
        _ = try SyntheticDataset.generate(.vehicleTypes, count: 12, seed: 3, width: 40, height: 40, output: root)
        return try ClassFolderDataset(root: root)
    }

    private func options(batch: Int, augment: Bool = false, shuffle: Bool = false, seed: UInt64 = 0) -> ClassificationLoaderOptions {
        ClassificationLoaderOptions(input: InputShape(width: 24, height: 20, channels: 3), normalization: .caffe(),
                                    augment: augment, batchSize: batch, shuffle: shuffle, seed: seed)
    }

    private func drain(_ epoch: ClassificationEpoch) throws -> [ClassificationBatch] {
        var batches: [ClassificationBatch] = []
        while let batch = try epoch.next() { batches.append(batch) }
        return batches
    }

    /// Image `i` of a batch as its own `[1, C, H, W]` tensor.
    private func item(_ batch: ClassificationBatch, _ i: Int) -> Tensor { batch.images.slice(items: i..<(i + 1)) }

    @Test func evaluationBatchesCoverEveryImageInOrderWithInferencePreprocessing() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let dataset = try vehicles(root)
        let loader = try ClassificationBatchLoader(dataset: dataset, options: options(batch: 5))
        #expect(loader.batchesPerEpoch == 3)
        let batches = try drain(loader.epoch(0))
        #expect(batches.map(\.count) == [5, 5, 2])
        #expect(batches[0].images.shape == [5, 3, 20, 24])
        #expect(batches.flatMap(\.labels) == dataset.samples.map(\.classIndex))
        #expect(batches.flatMap(\.paths) == dataset.samples.map(\.url.path))
        // Evaluation batches hold exactly what the inference helper makes of each file.
        for batch in batches {
            for (i, path) in batch.paths.enumerated() {
                let single = try loadClassificationInput(URL(fileURLWithPath: path), width: 24, height: 20, channels: 3, normalization: .caffe())
                #expect(single.shape == [1, 3, 20, 24])
                #expect(item(batch, i).bitwiseEqual(single))
            }
        }
    }

    @Test func caffeTorchAndGrayInputGoldenValues() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        // A solid (51, 102, 153) image: caffe gives B·255 − 103.939, …; torch (x − mean) / 0.224; gray the BT.601 luma.
        let url = root.appendingPathComponent("solid.png")
        try Image(width: 8, height: 6, channels: 3, fill: [0.2, 0.4, 0.6]).write(to: url)
        let caffe = try loadClassificationInput(url, width: 4, height: 3, channels: 3, normalization: .caffe())
        #expect(caffe.shape == [1, 3, 3, 4])
        let b: Float = 153 - 103.939, g: Float = 102 - 116.779, r: Float = 51 - 123.68
        #expect(close(caffe[0, 0, 1, 1], b, 1e-3))
        #expect(close(caffe[0, 1, 2, 3], g, 1e-3))
        #expect(close(caffe[0, 2, 0, 0], r, 1e-3))
        let torch = try loadClassificationInput(url, width: 4, height: 3, channels: 3, normalization: .torch())
        let red: Float = (0.2 - 0.485) / 0.224, blue: Float = (0.6 - 0.406) / 0.224
        #expect(close(torch[0, 0, 0, 0], red))
        #expect(close(torch[0, 2, 2, 3], blue))
        let gray = try loadClassificationInput(url, width: 4, height: 3, channels: 1, normalization: .caffe(gray: true))
        #expect(gray.shape == [1, 1, 3, 4])
        let luma: Float = 0.299 * 51 + 0.587 * 102 + 0.114 * 153
        #expect(close(gray[0, 0, 1, 2], luma - 117.3786, 1e-2))
    }

    @Test func shuffledAugmentedEpochsAreSeededAndVisitEveryImageOnce() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let dataset = try vehicles(root)
        var opts = options(batch: 4, augment: true, shuffle: true, seed: 11)
        opts.augmentation.randomCrop = true
        opts.augmentation.colorAugmentation = true
        let a = try drain(ClassificationBatchLoader(dataset: dataset, options: opts).epoch(2))
        let b = try drain(ClassificationBatchLoader(dataset: dataset, options: opts).epoch(2))
        #expect(a.flatMap(\.paths) == b.flatMap(\.paths))
        #expect(zip(a, b).allSatisfy { $0.images.bitwiseEqual($1.images) })
        #expect(Set(a.flatMap(\.paths)) == Set(dataset.samples.map(\.url.path)))
        #expect(a.flatMap(\.paths) != dataset.samples.map(\.url.path))  // shuffled
        let next = try drain(ClassificationBatchLoader(dataset: dataset, options: opts).epoch(3))
        #expect(next.flatMap(\.paths) != a.flatMap(\.paths))
        // Labels still belong to their paths.
        let labelOf = Dictionary(uniqueKeysWithValues: dataset.samples.map { ($0.url.path, $0.classIndex) })
        #expect(a.allSatisfy { batch in zip(batch.paths, batch.labels).allSatisfy { labelOf[$0] == $1 } })
        // Augmented images differ from the evaluation preprocessing of the same file.
        let first = try loadClassificationInput(URL(fileURLWithPath: a[0].paths[0]), width: 24, height: 20, channels: 3, normalization: .caffe())
        #expect(!item(a[0], 0).bitwiseEqual(first))
    }

    @Test func mixupBlendsImagesAndTargetsWithTheSameWeight() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let dataset = try vehicles(root)
        var opts = options(batch: 6, augment: true, shuffle: true, seed: 5)
        let plain = try drain(ClassificationBatchLoader(dataset: dataset, options: opts).epoch(0))
        opts.augmentation.mixupAlpha = 0.4
        let mixed = try drain(ClassificationBatchLoader(dataset: dataset, options: opts).epoch(0))
        #expect(plain[0].mixupPartners.isEmpty && plain[0].targets(classes: 6)[0, plain[0].labels[0]] == 1)
        for (p, m) in zip(plain, mixed) {
            #expect(m.paths == p.paths && m.mixupPartners.count == m.count)
            let targets = m.targets(classes: 6)
            for i in 0..<m.count {
                let l = m.mixupWeights[i], j = m.mixupPartners[i]
                #expect(l >= 0 && l <= 1)
                let rowSum = (0..<6).reduce(Float(0)) { $0 + targets[i, $1] }
                #expect(close(rowSum, 1))
                #expect(close(targets[i, m.labels[i]], m.labels[i] == m.labels[j] ? 1 : l))
                let blended = Tensor(zip(item(p, i).scalars, item(p, j).scalars).map { l * $0 + (1 - l) * $1 }, shape: [1, 3, 20, 24])
                #expect(item(m, i).maxAbsDifference(blended) < 1e-3)
            }
        }
    }

    @Test func corruptImageEndsTheEpochWithAnErrorNamingTheFile() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let dataset = try vehicles(root)
        // Truncate the 8th image (second batch of 4).
        let bad = dataset.samples[7].url
        let bytes = try Data(contentsOf: bad)
        try bytes.prefix(bytes.count / 3).write(to: bad)
        let epoch = try ClassificationBatchLoader(dataset: dataset, options: options(batch: 4)).epoch(0)
        #expect(try epoch.next()?.count == 4)
        let error = try #require(throws: ZooError.self) { _ = try epoch.next() }
        #expect(error.message.contains(bad.path))
        #expect(error.hint?.contains("remove") == true && error.hint?.contains("zoo dataset synth") == true)
        #expect(try epoch.next() == nil)
        #expect(throws: ZooError.self) {
            _ = try loadClassificationInput(bad, width: 8, height: 8, channels: 3, normalization: .tf)
        }
    }

    @Test func emptyClassFoldersDatasetsAndBadOptionsAreErrors() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        for name in ["cat", "dog"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        let empty = try #require(throws: ZooError.self) {
            _ = try ClassificationBatchLoader(dataset: ClassFolderDataset(root: root), options: options(batch: 2))
        }
        #expect(empty.message.contains("has no images") && empty.message.contains(root.path))
        try Image(width: 4, height: 4, channels: 3, fill: [0.5]).write(to: root.appendingPathComponent("cat/a.png"))
        let folder = try #require(throws: ZooError.self) {
            _ = try ClassificationBatchLoader(dataset: ClassFolderDataset(root: root), options: options(batch: 2))
        }
        #expect(folder.message.contains(root.appendingPathComponent("dog").path) && folder.hint != nil)
        try Image(width: 4, height: 4, channels: 3, fill: [0.5]).write(to: root.appendingPathComponent("dog/b.jpg"))
        let dataset = try ClassFolderDataset(root: root)
        #expect(try ClassificationBatchLoader(dataset: dataset, options: options(batch: 2)).batchesPerEpoch == 1)

        var twoChannels = options(batch: 2)
        twoChannels.input.channels = 2
        var grayCaffe = options(batch: 2)
        grayCaffe.input.channels = 1  // caffe's three BGR means do not fit one channel
        for bad in [options(batch: 0), twoChannels, grayCaffe] {
            let error = try #require(throws: ZooError.self) { _ = try ClassificationBatchLoader(dataset: dataset, options: bad) }
            #expect(error.exitCode == ZooError.Code.usage)
        }
        #expect(throws: ZooError.self) {
            _ = try loadClassificationInput(root.appendingPathComponent("cat/missing.png"), width: 4, height: 4, channels: 3, normalization: .tf)
        }
    }

    @Test func stoppingEarlyEndsTheBackgroundWork() throws {
        let root = try temporaryDirectory()
        defer { cleanUp(root) }
        let dataset = try vehicles(root)
        var opts = options(batch: 1)
        opts.prefetch = 2
        let loader = try ClassificationBatchLoader(dataset: dataset, options: opts)
        let epoch = loader.epoch(0)
        #expect(try epoch.next()?.paths == [dataset.samples[0].url.path])
        epoch.stop()
        #expect(try epoch.next() == nil)
        epoch.stop()  // idempotent
        // An epoch released unread stops its thread too (its deinit waits for it).
        _ = loader.epoch(1)
        #expect(try drain(loader.epoch(2)).count == 12)
    }
}
