import Backbones
import Engine
import Foundation
import Testing
import Tasks
import ZooCore

/// TAO's workflow on ResNet-18: train briefly (with the L1 regularizer TAO's specs use to make
/// filters prunable), prune at -pth 0.3 and 0.6, save and load the pruned model, retrain it from
/// its own graph and recover the accuracy.
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

    /// TAO's classification model: ResNet-18 (pooling on), global average pool, flatten, dense.
    static func classifier(allProjections: Bool) throws -> Model {
        var options = ResNet.Options(layers: 18)
        options.usePooling = true
        options.allProjections = allProjections
        options.inputHeight = size
        options.inputWidth = size
        let backbone = try ResNet.build(options)
        var b = backbone.builder
        let features = b.flatten(b.globalAveragePool(backbone.output))
        let logits = b.dense(features, Dense(units: classes), name: "predictions")
        return try Model(graph: b.build(outputs: [logits]), seed: 7)
    }

    /// A few Adam steps on fresh batches, with an L1 penalty on convolution and dense kernels.
    static func train(_ model: Model, steps: Int, seed: UInt64, l1: Float = 0) throws {
        var adam = try Adam()
        let regularizer = try Regularizer(.l1, weight: l1, scope: ["Conv2D", "Dense"])
        for step in 0..<steps {
            let (x, labels) = stripes(count: 16, seed: seed &+ UInt64(step))
            let logits = try model.forward(["input_1": x], mode: .training)["predictions"]!
            let loss = try Loss.softmaxCrossEntropy(logits: logits, labels: labels)
            model.zeroGradients()
            try model.backward(["predictions": loss.gradient])
            if l1 > 0 { regularizer.apply(to: model) }
            adam.step(model.trainableParameters, learningRate: 1e-3)
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

    @Test(arguments: [true, false])
    func resnet18PrunesLoadsRetrainsAndRecovers(allProjections: Bool) throws {
        let model = try Self.classifier(allProjections: allProjections)
        try Self.train(model, steps: 40, seed: 1000, l1: 1e-4)
        let trained = try Self.accuracy(model)

        var ratios: [Double] = []
        for threshold: Float in [0.3, 0.6] {
            var options = PruningOptions()
            options.threshold = threshold
            let pruned = try Pruner(options: options).prune(model)
            let report = pruned.report
            print("resnet18 all_projections=\(allProjections) -pth \(threshold): " + report.summaryLines.joined(separator: "; "))
            print(report.table.ascii())
            #expect(report.prunedParameterCount < report.originalParameterCount)
            #expect(report.ratio < 1)
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

            // Retrained from its own graph, it recovers.
            let prunedAccuracy = try Self.accuracy(loaded)
            try Self.train(loaded, steps: 20, seed: 5000)
            let retrained = try Self.accuracy(loaded)
            print("accuracy: trained \(trained), pruned \(prunedAccuracy), retrained \(retrained)")
            #expect(retrained >= min(trained, 0.9) - 0.05, "trained \(trained), pruned \(prunedAccuracy), retrained \(retrained)")
        }
        #expect(ratios[1] < ratios[0])
    }
}
