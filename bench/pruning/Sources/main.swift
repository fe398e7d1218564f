import Backbones
import Engine
import Foundation
import Tasks

/// Seconds of the fastest of `repeats` runs of `body`.
func fastest(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return best
}

/// TAO's classification model: ResNet with pooling, global average pool, flatten, 1000-way dense.
func classifier(layers: Int) throws -> Model {
    var options = ResNet.Options(layers: layers)
    options.usePooling = true
    options.inputHeight = 224
    options.inputWidth = 224
    let backbone = try ResNet.build(options)
    var b = backbone.builder
    b.dense(b.flatten(b.globalAveragePool(backbone.output)), Dense(units: 1000), name: "predictions")
    return try Model(graph: b.build(outputs: ["predictions"]), seed: 1)
}

print("| Model | -pth | Parameters | Ratio | Prune time | Inference, batch 4 |")
print("|---|---|---|---|---|---|")
var generator = SeededGenerator(seed: 2)
let images = Tensor.normal([4, 3, 224, 224], generator: &generator)
for layers in [18, 50] {
    let model = try classifier(layers: layers)
    let baseline = try fastest(3) { _ = try model.forward(images) }
    print("| ResNet-\(layers) | — | \(try model.graph.parameterCount()) | 1 | — | \(String(format: "%.3f s", baseline)) |")
    // Freshly initialized filters have similar norms, so high thresholds are what remove filters here.
    for threshold: Float in [0.8, 0.9] {
        var options = PruningOptions()
        options.threshold = threshold
        var pruned: PrunedModel?
        let seconds = try fastest(3) { pruned = try Pruner(options: options).prune(model) }
        let report = pruned!.report
        let inference = try fastest(3) { _ = try pruned!.model.forward(images) }
        print("| ResNet-\(layers) | \(threshold) | \(report.prunedParameterCount) | \(String(format: "%.3f", report.ratio)) | "
            + "\(String(format: "%.3f s", seconds)) | \(String(format: "%.3f s", inference)) |")
    }
}
