import Backbones
import Engine
import Foundation
import Testing

/// A small ResNet learns a generated 4-class image task (stripe orientation under noise),
/// deterministically from a seed.
@Suite struct LearningTests {
    static let size = 32

    /// `count` images of noisy stripes at 0°, 45°, 90° or 135° (the label), random period, phase
    /// and colour.
    static func dataset(count: Int, seed: UInt64) -> (images: Tensor, labels: [Int]) {
        var g = SeededGenerator(seed: seed)
        var labels: [Int] = []
        let s = size
        let images = Tensor(shape: [count, 3, s, s]) { p in
            for i in 0..<count {
                let label = Int(g.next() % 4)
                labels.append(label)
                let angle = Float(label) * Float.pi / 4
                let (dx, dy) = (cos(angle), sin(angle))
                let period = 4 + 4 * g.nextUnitFloat()
                let phase = 2 * Float.pi * g.nextUnitFloat()
                let colour = (0..<3).map { _ in 0.5 + g.nextUnitFloat() }
                for c in 0..<3 {
                    for y in 0..<s {
                        for x in 0..<s {
                            let t = (Float(x) * dx + Float(y) * dy) * 2 * Float.pi / period + phase
                            p[((i * 3 + c) * s + y) * s + x] = colour[c] * sin(t) + 0.4 * g.nextNormal()
                        }
                    }
                }
            }
        }
        return (images, labels)
    }

    static func classifier(seed: UInt64) throws -> Model {
        var options = ResNet.Options(layers: 10)
        options.usePooling = true
        options.inputHeight = size
        options.inputWidth = size
        var backbone = try ResNet.build(options)
        var b = backbone.builder
        let flat = b.flatten(b.globalAveragePool(backbone.output))
        b.dense(flat, Dense(units: 4), name: "predictions")
        backbone.builder = b
        return try Model(graph: b.build(outputs: ["predictions"]), seed: seed)
    }

    static func train(_ model: Model, steps: Int, batch: Int, seed: UInt64) throws -> [Float] {
        var adam = try Adam(epsilon: 1e-7)
        let schedule = try SoftStartCosineAnnealingSchedule(maxLR: 2e-3, minLR: 1e-5, softStart: 0.1)
        var losses: [Float] = []
        for step in 0..<steps {
            let (x, labels) = dataset(count: batch, seed: seed &+ UInt64(step))
            let logits = try model.forward(["input_1": x], mode: .training)["predictions"]!
            let loss = try Loss.softmaxCrossEntropy(logits: logits, labels: labels)
            model.zeroGradients()
            try model.backward(["predictions": loss.gradient])
            adam.step(model.trainableParameters, learningRate: schedule.learningRate(step: step, totalSteps: steps))
            losses.append(loss.value)
        }
        return losses
    }

    @Test func smallResNetLearnsFourClasses() throws {
        let model = try LearningTests.classifier(seed: 42)
        let losses = try LearningTests.train(model, steps: 120, batch: 32, seed: 1000)
        let (x, labels) = LearningTests.dataset(count: 256, seed: 7)
        let logits = try model.forward(x)
        let n = logits.shape[1]
        let predicted = (0..<labels.count).map { i in
            (0..<n).max { logits.scalars[i * n + $0] < logits.scalars[i * n + $1] }!
        }
        let correct = zip(predicted, labels).filter { $0.0 == $0.1 }.count
        let accuracy = Double(correct) / Double(labels.count)
        #expect(accuracy >= 0.95, "held-out accuracy \(accuracy), last losses \(losses.suffix(5))")
        let early: Float = losses.prefix(10).reduce(0, +) / 10
        let late: Float = losses.suffix(10).reduce(0, +) / 10
        #expect(late < early)
    }

    @Test func trainingRunsRepeatBitForBit() throws {
        let a = try LearningTests.classifier(seed: 3), b = try LearningTests.classifier(seed: 3)
        let la = try LearningTests.train(a, steps: 3, batch: 8, seed: 5)
        let lb = try LearningTests.train(b, steps: 3, batch: 8, seed: 5)
        #expect(la == lb)
        let x = LearningTests.dataset(count: 4, seed: 9).images
        #expect(try a.forward(x).bitwiseEqual(try b.forward(x)))
    }
}
