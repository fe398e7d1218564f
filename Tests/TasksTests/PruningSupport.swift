import Engine
import Foundation
import Tasks

/// Helpers for the pruning tests: options that prune exactly what falls under the threshold,
/// weights set by hand, filters made dead so that pruning them cannot change the outputs.
enum PruningSupport {
    /// No rounding and no minimum, so exactly the filters above `threshold` stay.
    static func exact(threshold: Float = 0.01, _ criterion: PruningOptions.Equalization = .union) -> PruningOptions {
        var options = PruningOptions()
        options.threshold = threshold
        options.granularity = 1
        options.minimumFilters = 1
        options.equalization = criterion
        return options
    }

    /// Gives filter `f` of `node`'s kernel the L2 norm `norms[f]` (every element equal).
    static func setFilterNorms(_ model: Model, _ node: String, _ norms: [Float]) {
        let p = model.parameter("\(node)/kernel")!
        let perFilter = p.spec.shape.dropFirst().reduce(1, *)
        precondition(norms.count == p.spec.shape[0])
        let element = norms.map { $0 / Float(perFilter).squareRoot() }
        p.value = Tensor((0..<p.value.count).map { element[$0 / perFilter] }, shape: p.spec.shape)
    }

    /// Zeroes the kernel rows and biases of `filters` in `node`, so those output channels are
    /// exactly zero (through batch norms with zero mean and shift, and zero-preserving activations).
    static func kill(_ model: Model, _ node: String, filters: [Int]) {
        for p in model.parameters(of: node) where p.spec.role == .kernel || p.spec.role == .bias {
            let perFilter = p.spec.shape.dropFirst().reduce(1, *)
            var value = p.value
            value.withUnsafeMutableBufferPointer { v in
                for f in filters { for e in f * perFilter..<(f + 1) * perFilter { v[e] = 0 } }
            }
            p.value = value
        }
    }

    /// Random non-zero biases everywhere, so that a pruned channel that is not dead would show.
    static func randomizeBiases(_ model: Model, seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for p in model.parameters where p.spec.role == .bias {
            p.value = Tensor.uniform(p.spec.shape, min: 0.05, max: 0.3, generator: &g)
        }
    }

    /// The gradient of Keras' categorical cross-entropy (batch mean) with respect to softmax
    /// `probabilities` `[N, K]`: `-1 / (N·p)` at each label, zero elsewhere.
    static func crossEntropyGradient(_ probabilities: Tensor, labels: [Int]) -> Tensor {
        let (n, k) = (probabilities.shape[0], probabilities.shape[1])
        var gradient = [Float](repeating: 0, count: n * k)
        for (i, label) in labels.enumerated() {
            gradient[i * k + label] = -1 / (max(probabilities.scalars[i * k + label], 1e-7) * Float(n))
        }
        return Tensor(gradient, shape: [n, k])
    }

    static func input(_ shape: [Int], seed: UInt64) -> Tensor {
        var g = SeededGenerator(seed: seed)
        return Tensor.normal(shape, generator: &g)
    }

    /// The largest element-wise difference relative to the largest magnitude of `a`.
    static func relativeDifference(_ a: Tensor, _ b: Tensor) -> Float {
        let scale = a.scalars.map(abs).max() ?? 1
        return a.maxAbsDifference(b) / max(scale, 1e-12)
    }

    static func kept(_ report: PruningReport, _ layer: String) -> Int? {
        report.layers.first { $0.name == layer }?.kept
    }
}
