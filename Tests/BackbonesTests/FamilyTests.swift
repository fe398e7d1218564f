import Backbones
import Engine
import Foundation
import Testing

/// Every family, as TAO's classification builds it: names, shapes, taps, a training step,
/// save/reload and `freeze_blocks`.
@Suite struct FamilyTests {
    /// TAO classification options for the tests: batch norm, projections, no convolution bias.
    static func classifier(_ c: FamilyCase, freeze: Set<Int> = []) throws -> Graph {
        var options = ClassificationNetwork.Options()
        options.useBatchNorm = true
        options.allProjections = true
        options.freezeBlocks = freeze
        return try ClassificationNetwork.build(arch: c.arch, layers: c.layers, inputShape: (3, 32, 32), classes: 3,
                                               options: options)
    }

    /// Keras' categorical cross-entropy on softmax outputs (probabilities clipped to 1e-7), mean
    /// over the batch, and its gradient with respect to the probabilities.
    static func crossEntropy(_ probabilities: Tensor, _ labels: [Int]) -> (loss: Float, gradient: Tensor) {
        let (n, k) = (probabilities.shape[0], probabilities.shape[1])
        let p = probabilities.scalars
        var gradient = [Float](repeating: 0, count: n * k)
        var loss: Float = 0
        for (i, label) in labels.enumerated() {
            let q = max(p[i * k + label], 1e-7)
            loss -= log(q) / Float(n)
            gradient[i * k + label] = -1 / (q * Float(n))
        }
        return (loss, Tensor(gradient, shape: [n, k]))
    }

    static func batch() -> (images: Tensor, labels: [Int]) {
        var g = SeededGenerator(seed: 11)
        return (Tensor.normal([4, 3, 32, 32], generator: &g), [0, 1, 2, 1])
    }

    @Test(arguments: FamilyCase.all)
    func keepsTaoNamesShapesAndTaps(_ c: FamilyCase) throws {
        var options = BackboneOptions(layers: c.layers)
        options.inputHeight = 64
        options.inputWidth = 64
        let backbone = try BackboneCatalog.build(arch: c.arch, options: options)
        let graph = try backbone.graph()
        for name in c.names + c.frozen {
            #expect(graph.node(name) != nil, "no node \(name)")
        }
        #expect(backbone.output == c.output)
        let shapes = try graph.shapes()
        #expect(shapes[c.output] == [c.channels, 64 / c.stride, 64 / c.stride])
        #expect(backbone.taps.map(\.stride) == backbone.taps.map(\.stride).sorted())
        for tap in backbone.taps {
            #expect(shapes[tap.node] == [tap.channels, 64 / tap.stride, 64 / tap.stride], "tap \(tap.node)")
        }
        #expect(backbone.tap(stride: 8) != nil)
        #expect(backbone.tap(stride: 16) != nil)
        #expect(backbone.tap(stride: 32)?.node == (c.stride == 32 ? c.output : nil))
    }

    @Test(arguments: FamilyCase.all)
    func trainsOneStepAndReloadsBitForBit(_ c: FamilyCase) throws {
        let graph = try FamilyTests.classifier(c)
        let model = try Model(graph: graph, seed: 7)
        let (x, labels) = FamilyTests.batch()
        let before = try model.forward(x)
        #expect(before.shape == [4, 3])

        let probabilities = try model.forward(["input_1": x], mode: .training)["predictions"]!
        let (loss, gradient) = FamilyTests.crossEntropy(probabilities, labels)
        #expect(loss.isFinite && loss > 0)
        model.zeroGradients()
        try model.backward(["predictions": gradient])
        for p in model.trainableParameters {
            let g = p.gradient.scalars
            #expect(g.allSatisfy { $0.isFinite }, "\(p.name): non-finite gradient")
            #expect(g.contains { $0 != 0 }, "\(p.name): all-zero gradient")
        }
        var sgd = try SGD(momentum: 0.9)
        sgd.step(model.trainableParameters, learningRate: 0.01)
        let after = try model.forward(x)
        #expect(!after.bitwiseEqual(before))

        let reloaded = try Model(weightsData: model.weightsData())
        #expect(reloaded.graph == graph)
        #expect(try reloaded.forward(x).bitwiseEqual(after))
        let saved = model.weights(), loaded = reloaded.weights()
        #expect(saved.keys.sorted() == loaded.keys.sorted())
        #expect(saved.allSatisfy { loaded[$0.key]!.bitwiseEqual($0.value) })
    }

    @Test(arguments: FamilyCase.all)
    func freezeBlocksFreezesExactlyTheBlocksConvolutions(_ c: FamilyCase) throws {
        let graph = try FamilyTests.classifier(c, freeze: c.freeze)
        let withParameters = Set(try graph.parameterSpecs().map(\.node))
        let frozen = Set(graph.nodes.filter { !$0.trainable && withParameters.contains($0.name) }.map(\.name))
        #expect(frozen == c.frozen)
        // As in TAO, a frozen block's batch norms still train.
        #expect(graph.nodes.allSatisfy { node in
            if case .batchNorm = node.op { node.trainable } else { true }
        })

        let model = try Model(graph: graph, seed: 3)
        let start = model.weights()
        let (x, labels) = FamilyTests.batch()
        let probabilities = try model.forward(["input_1": x], mode: .training)["predictions"]!
        model.zeroGradients()
        try model.backward(["predictions": FamilyTests.crossEntropy(probabilities, labels).gradient])
        var sgd = try SGD()
        sgd.step(model.trainableParameters, learningRate: 0.1)
        for p in model.parameters where p.spec.role.isTrained {
            let changed = !p.value.bitwiseEqual(start[p.name]!)
            #expect(changed == !c.frozen.contains(p.spec.node), "\(p.name) changed: \(changed)")
        }
    }
}
