import Backbones
import Engine
import Foundation
import Testing
import Tasks
import ZooCore

/// TAO's workflow on ResNet-18 with TAO's classification head, with and without
/// `all_projections`: train with SGD (and the L1 regularizer TAO's specs use to make filters
/// prunable), prune at -pth 0.3 and 0.6 with TAO's defaults otherwise, save and load the pruned
/// model, retrain it from its own graph and recover the accuracy.
@Suite(.serialized) struct ResNetPruningTests {
    static let size = 32
    static let classes = 4

    /// `count` noisy images of stripes in one of four orientations (the label), with random
    /// period, phase and colour.
    static func stripes(count: Int, seed: UInt64) -> (images: Tensor, labels: [Int]) {
        var g = SeededGenerator(seed: seed)
        let s = size
        var labels: [Int] = []
        let images = Tensor(shape: [count, 3, s, s]) { p in
            for i in 0..<count {
                let label = Int(g.next() % UInt64(classes))
                labels.append(label)
                let angle = Float(label) * .pi / Float(classes)
                let (dx, dy) = (cos(angle), sin(angle))
                let frequency = 2 * Float.pi / (5 + 3 * g.nextUnitFloat())
                let phase = 2 * Float.pi * g.nextUnitFloat()
                let colour = (0..<3).map { _ in 0.4 + 0.6 * g.nextUnitFloat() }
                for c in 0..<3 {
                    for y in 0..<s {
                        for x in 0..<s {
                            let wave = sin((Float(x) * dx + Float(y) * dy) * frequency + phase)
                            p[((i * 3 + c) * s + y) * s + x] = colour[c] * wave + 0.3 * g.nextNormal()
                        }
                    }
                }
            }
        }
        return (images, labels)
    }

    /// TAO's classification model (`ClassificationNetwork`): ResNet-18 with batch norm and
    /// pooling, `avg_pool` → `flatten` → softmax `predictions`.
    static func classifier(allProjections: Bool) throws -> Model {
        var options = ClassificationNetwork.Options()
        options.useBatchNorm = true
        options.usePooling = true
        options.allProjections = allProjections
        let graph = try ClassificationNetwork.build(arch: "resnet", layers: 18, inputShape: (3, size, size),
                                                    classes: classes, options: options)
        return try Model(graph: graph, seed: 7)
    }

    /// SGD with momentum on fresh batches of 16, cross-entropy on the softmax outputs, with an
    /// optional L1 penalty on convolution and dense kernels (what makes filters prunable).
    static func train(_ model: Model, steps: Int, seed: UInt64, learningRate: Float, l1: Float = 0) throws {
        var sgd = try SGD(momentum: 0.9)
        let regularizer = try Regularizer(.l1, weight: l1, scope: ["Conv2D", "Dense"])
        let output = ClassificationNetwork.outputName
        for step in 0..<steps {
            let (x, labels) = stripes(count: 16, seed: seed &+ UInt64(step))
            let probabilities = try model.forward([ClassificationNetwork.inputName: x], mode: .training)[output]!
            model.zeroGradients()
            try model.backward([output: PruningSupport.crossEntropyGradient(probabilities, labels: labels)])
            if l1 > 0 { regularizer.apply(to: model) }
            sgd.step(model.trainableParameters, learningRate: learningRate)
        }
    }

    static let heldOut = stripes(count: 128, seed: 99)

    static func accuracy(_ model: Model) throws -> Double {
        let logits = try model.forward(heldOut.images)
        let correct = heldOut.labels.indices.filter { i in
            let row = (0..<classes).map { logits.scalars[i * classes + $0] }
            return row.indices.max { row[$0] < row[$1] } == heldOut.labels[i]
        }.count
        return Double(correct) / Double(heldOut.labels.count)
    }

    static let trainingSteps = 80
    static let retrainingSteps = 60
    static let learningRate: Float = 0.02
    /// Strong enough that, with momentum, weights a filter does not need reach zero within the
    /// training steps, so normalized filter norms spread out and a threshold removes filters.
    static let l1: Float = 2.5e-3

    @Test(arguments: [true, false])
    func resnet18PrunesLoadsRetrainsAndRecovers(allProjections: Bool) throws {
        let model = try Self.classifier(allProjections: allProjections)
        try Self.train(model, steps: Self.trainingSteps, seed: 1000, learningRate: Self.learningRate, l1: Self.l1)
        let trained = try Self.accuracy(model)

        var ratios: [Double] = []
        for threshold: Float in [0.3, 0.6] {
            var options = PruningOptions()
            options.threshold = threshold
            let pruned = try Pruner(options: options).prune(model)
            let report = pruned.report
            print("resnet18 all_projections=\(allProjections) -pth \(threshold):\n\(report)")
            #expect(report.prunedParameterCount < report.originalParameterCount)
            #expect(report.prunedParameterCount == (try pruned.model.graph.parameterCount()))
            #expect(report.originalParameterCount == (try model.graph.parameterCount()))
            let ratio = Double(report.prunedParameterCount) / Double(report.originalParameterCount)
            #expect(report.description.split(separator: "\n").last == "Pruning ratio (pruned model / original model): \(ratio)")
            ratios.append(report.ratio)
            #expect(try pruned.model.forward(Self.heldOut.images).shape == [128, Self.classes])

            // Saved and loaded, the model comes back with its own channel counts.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoo-prune-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try pruned.model.save(to: folder)
            let loaded = try Model.load(from: folder)
            #expect(loaded.graph == pruned.model.graph)
            let x = Self.stripes(count: 4, seed: 5).images
            #expect(try loaded.forward(x).bitwiseEqual(try pruned.model.forward(x)))

            // Retrained from its own graph (at half the rate), it recovers: to at least 90% on this
            // 4-class task, and to within a few points of the unpruned (L1-trained) model.
            let prunedAccuracy = try Self.accuracy(loaded)
            try Self.train(loaded, steps: Self.retrainingSteps, seed: 5000, learningRate: Self.learningRate / 2)
            let retrained = try Self.accuracy(loaded)
            print("accuracy: trained \(trained), pruned \(prunedAccuracy), retrained \(retrained)")
            #expect(retrained >= max(trained - 0.05, 0.9), "trained \(trained), pruned \(prunedAccuracy), retrained \(retrained)")
        }
        #expect(ratios[1] < ratios[0])
    }
}
