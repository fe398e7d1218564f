import Backbones
import Engine
import Testing
import Tasks

/// Pruning every classification backbone family as TAO's classification builds it (batch norm,
/// projections, the `avg_pool` → `flatten` → `predictions` head). Filter 0 of every convolution
/// and depthwise convolution is made dead, so pruning must remove it wherever the graph lets it
/// go — and the outputs must not change, which checks every slice of every weight the rebuild
/// takes. The pruned model then takes an SGD step from its own graph.
@Suite struct PruningFamilyTests {
    typealias S = PruningSupport

    struct Family: CustomTestStringConvertible, Sendable {
        var arch: String
        var layers = 0
        var testDescription: String { layers == 0 ? arch : "\(arch)\(layers)" }
    }

    static let families: [Family] = [
        Family(arch: "resnet", layers: 10), Family(arch: "resnet", layers: 18), Family(arch: "resnet", layers: 34),
        Family(arch: "resnet", layers: 50), Family(arch: "vgg", layers: 16), Family(arch: "vgg", layers: 19),
        Family(arch: "mobilenet_v1"), Family(arch: "mobilenet_v2"), Family(arch: "googlenet"),
        Family(arch: "darknet", layers: 19), Family(arch: "darknet", layers: 53),
        Family(arch: "cspdarknet", layers: 19), Family(arch: "cspdarknet", layers: 53), Family(arch: "cspdarknet_tiny"),
        Family(arch: "efficientnet_b0"), Family(arch: "efficientnet_b1"),
    ]

    static let classes = 3

    static func classifier(_ family: Family) throws -> Model {
        var options = ClassificationNetwork.Options()
        options.useBatchNorm = true
        options.allProjections = true
        let graph = try ClassificationNetwork.build(arch: family.arch, layers: family.layers, inputShape: (3, 32, 32),
                                                    classes: classes, options: options)
        return try Model(graph: graph, seed: 3)
    }

    @Test(arguments: families)
    func deadFiltersGoAndThePrunedModelRunsAndTrains(_ family: Family) throws {
        let model = try Self.classifier(family)
        for node in model.graph.nodes {
            switch node.op {
            case .conv2d(let a) where a.groups == 1: S.kill(model, node.name, filters: [0])
            case .depthwiseConv2d: S.kill(model, node.name, filters: [0])
            default: break
            }
        }
        let x = S.input([2, 3, 32, 32], seed: 4)
        let before = try model.forward(x)

        let pruned = try Pruner(options: S.exact(threshold: 1e-6)).prune(model)
        let report = pruned.report
        #expect(report.prunedParameterCount < report.originalParameterCount)
        for layer in report.layers where layer.type == "Conv2D" {
            // A layer that may be pruned loses exactly its dead filter; one kept whole keeps it.
            let prunable = layer.note == nil || layer.note!.hasPrefix("equalized")
            #expect(layer.kept == (prunable ? layer.total - 1 : layer.total), "\(layer.name): \(layer.note ?? "")")
        }
        #expect(report.layers.last?.name == ClassificationNetwork.outputName)
        #expect(report.layers.last?.kept == Self.classes)

        let after = try pruned.model.forward(x)
        #expect(after.shape == [2, Self.classes])
        #expect(S.relativeDifference(before, after) < 1e-4)

        // One training step on the pruned graph: backward runs on the new shapes and moves weights.
        let probabilities = try pruned.model.forward([ClassificationNetwork.inputName: x], mode: .training)[ClassificationNetwork.outputName]!
        pruned.model.zeroGradients()
        try pruned.model.backward([ClassificationNetwork.outputName: S.crossEntropyGradient(probabilities, labels: [0, 2])])
        for p in pruned.model.trainableParameters {
            #expect(p.gradient.shape == p.value.shape && p.gradient.scalars.allSatisfy { $0.isFinite }, "\(p.name)")
        }
        let predictions = pruned.model.parameter("predictions/kernel")!
        let old = predictions.value
        var sgd = try SGD()
        sgd.step(pruned.model.trainableParameters, learningRate: 1e-3)
        #expect(!predictions.value.bitwiseEqual(old))
    }
}
