import Backbones
import Engine
import Foundation
import Tasks

/// Wall and CPU seconds of the fastest of `repeats` runs of `body` (CPU time is what other
/// processes on a loaded machine do not inflate).
func fastest(_ repeats: Int, _ body: () throws -> Void) rethrows -> (wall: Double, cpu: Double) {
    func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    var best = (wall: Double.infinity, cpu: Double.infinity)
    for _ in 0..<repeats {
        let start = DispatchTime.now().uptimeNanoseconds, cpuStart = cpuNow()
        try body()
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        if wall < best.wall { best = (wall, cpuNow() - cpuStart) }
    }
    return best
}

func seconds(_ s: Double) -> String { String(format: "%.2f s", s) }

/// TAO's classification model (`ClassificationNetwork`): ResNet with batch norm and pooling,
/// `avg_pool` → `flatten` → 1000-way `predictions`, at 224×224.
func classifier(layers: Int) throws -> Model {
    var options = ClassificationNetwork.Options()
    options.useBatchNorm = true
    options.usePooling = true
    let graph = try ClassificationNetwork.build(arch: "resnet", layers: layers, inputShape: (3, 224, 224), classes: 1000,
                                                options: options)
    return try Model(graph: graph, seed: 1)
}

print("| Model | -pth | Parameters | Ratio | Prune (wall) | Prune (CPU) | Inference, batch 4 (wall) |")
print("|---|---|---|---|---|---|---|")
var generator = SeededGenerator(seed: 2)
let images = Tensor.normal([4, 3, 224, 224], generator: &generator)
for layers in [18, 50] {
    let model = try classifier(layers: layers)
    let baseline = try fastest(3) { _ = try model.forward(images) }
    print("| ResNet-\(layers) | — | \(try model.graph.parameterCount()) | 1 | — | — | \(seconds(baseline.wall)) |")
    // Freshly initialized filters of a layer have similar norms (0.8–1 of the largest), so it
    // takes thresholds this high to remove many; the work does not depend on how many go.
    for threshold: Float in [0.6, 0.85, 0.9] {
        var options = PruningOptions()
        options.threshold = threshold
        var pruned: PrunedModel?
        let time = try fastest(3) { pruned = try Pruner(options: options).prune(model) }
        let report = pruned!.report
        let inference = try fastest(3) { _ = try pruned!.model.forward(images) }
        print("| ResNet-\(layers) | \(threshold) | \(report.prunedParameterCount) | \(String(format: "%.3f", report.ratio)) | "
            + "\(seconds(time.wall)) | \(seconds(time.cpu)) | \(seconds(inference.wall)) |")
    }
}
