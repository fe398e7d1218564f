import Foundation
import ZooCore

/// A loss value and its gradient with respect to the predictions (same shape).
public struct LossResult: Sendable {
    public var value: Float
    public var gradient: Tensor
}

/// How per-element losses combine into one number.
public enum Reduction: Sendable {
    /// Divide the weighted sum by the number of elements (positions for cross-entropy).
    case mean
    /// The weighted sum.
    case sum
    /// Divide the weighted sum by the batch size (leading dimension).
    case batchMean
}

/// Losses with analytic gradients. Every loss takes an optional `mask` and `weights` shaped
/// like the per-element losses; each element's loss is multiplied by both before reducing.
public enum Loss {
    /// Softmax cross-entropy over axis 1 of `logits` (`[N, C]` or `[N, C, H, W]`) against class
    /// indices (`N·H·W` of them). With `labelSmoothing` ε the target is `(1 − ε)·onehot + ε / C`.
    /// `mask`/`weights` hold one value per position.
    public static func softmaxCrossEntropy(logits: Tensor, labels: [Int], labelSmoothing: Float = 0,
                                           mask: Tensor? = nil, weights: Tensor? = nil,
                                           reduction: Reduction = .mean) throws -> LossResult {
        let (n, c, inner) = try positions(logits)
        guard labels.count == n * inner else {
            throw ZooError.usage("Cross-entropy got \(labels.count) labels for \(n * inner) predictions.")
        }
        if let bad = labels.first(where: { $0 < 0 || $0 >= c }) {
            throw ZooError.usage("Class label \(bad) is outside 0..<\(c).", hint: "check the class map against the model's number of classes")
        }
        return try crossEntropy(logits, n: n, c: c, inner: inner, labelSmoothing: labelSmoothing, mask: mask, weights: weights,
                                reduction: reduction) { position, k in labels[position] == k ? 1 : 0 }
    }

    /// Softmax cross-entropy against target probabilities shaped like `logits` (one-hot or soft).
    public static func softmaxCrossEntropy(logits: Tensor, targets: Tensor, labelSmoothing: Float = 0,
                                           mask: Tensor? = nil, weights: Tensor? = nil,
                                           reduction: Reduction = .mean) throws -> LossResult {
        let (n, c, inner) = try positions(logits)
        try expectSameShape(targets, logits, "targets")
        let t = targets.pointer
        return try crossEntropy(logits, n: n, c: c, inner: inner, labelSmoothing: labelSmoothing, mask: mask, weights: weights,
                                reduction: reduction) { position, k in
            t[(position / inner) * c * inner + k * inner + position % inner]
        }
    }

    private static func crossEntropy(_ logits: Tensor, n: Int, c: Int, inner: Int, labelSmoothing: Float,
                                     mask: Tensor?, weights: Tensor?, reduction: Reduction,
                                     target: (Int, Int) -> Float) throws -> LossResult {
        let factor = try elementFactors(count: n * inner, mask: mask, weights: weights, what: "positions")
        let norm = normalizer(reduction, count: n * inner, batch: n)
        let x = logits.pointer
        var total = 0.0
        let gradient = Tensor(shape: logits.shape) { g in
            for position in 0..<(n * inner) {
                let base = (position / inner) * c * inner + position % inner
                var m = -Float.infinity
                for k in 0..<c { m = max(m, x[base + k * inner]) }
                var sum: Float = 0
                for k in 0..<c { sum += exp(x[base + k * inner] - m) }
                let logSum = log(sum) + m
                let w = factor?[position] ?? 1
                var loss: Float = 0
                for k in 0..<c {
                    let y = target(position, k) * (1 - labelSmoothing) + labelSmoothing / Float(c)
                    let logP = x[base + k * inner] - logSum
                    loss -= y * logP
                    g[base + k * inner] = w * (exp(logP) - y) / norm
                }
                total += Double(w * loss)
            }
        }
        return LossResult(value: Float(total / Double(norm)), gradient: gradient)
    }

    /// Binary cross-entropy on logits, computed stably: `max(x, 0) − x·y + log(1 + e^−|x|)`.
    public static func binaryCrossEntropy(logits: Tensor, targets: Tensor, mask: Tensor? = nil, weights: Tensor? = nil,
                                          reduction: Reduction = .mean) throws -> LossResult {
        try elementwise(logits, targets, mask, weights, reduction) { x, y in
            let loss = max(x, 0) - x * y + log1p(exp(-abs(x)))
            return (loss, Activation.sigmoid(x) - y)
        }
    }

    /// Binary cross-entropy on probabilities the way DetectNet_v2 computes it:
    /// `−(y·log(p + ε) + (1 − y)·log(1 − p + ε))`.
    public static func binaryCrossEntropy(probabilities: Tensor, targets: Tensor, epsilon: Float = 1e-5,
                                          mask: Tensor? = nil, weights: Tensor? = nil,
                                          reduction: Reduction = .mean) throws -> LossResult {
        try elementwise(probabilities, targets, mask, weights, reduction) { p, y in
            let loss = -(y * log(p + epsilon) + (1 - y) * log(1 - p + epsilon))
            return (loss, -y / (p + epsilon) + (1 - y) / (1 - p + epsilon))
        }
    }

    /// Absolute error `|p − t|`.
    public static func l1(predictions: Tensor, targets: Tensor, mask: Tensor? = nil, weights: Tensor? = nil,
                          reduction: Reduction = .mean) throws -> LossResult {
        try elementwise(predictions, targets, mask, weights, reduction) { p, t in
            let d = p - t
            return (abs(d), d > 0 ? 1 : (d < 0 ? -1 : 0))
        }
    }

    /// Squared error `(p − t)²`.
    public static func l2(predictions: Tensor, targets: Tensor, mask: Tensor? = nil, weights: Tensor? = nil,
                          reduction: Reduction = .mean) throws -> LossResult {
        try elementwise(predictions, targets, mask, weights, reduction) { p, t in
            let d = p - t
            return (d * d, 2 * d)
        }
    }

    /// Smooth L1 (Huber with threshold `beta`): `0.5·d²/β` for `|d| < β`, `|d| − 0.5·β` otherwise.
    public static func smoothL1(predictions: Tensor, targets: Tensor, beta: Float = 1, mask: Tensor? = nil,
                                weights: Tensor? = nil, reduction: Reduction = .mean) throws -> LossResult {
        guard beta > 0 else { throw ZooError.usage("Smooth-L1 beta must be positive, got \(beta).") }
        return try elementwise(predictions, targets, mask, weights, reduction) { p, t in
            let d = p - t, a = abs(d)
            if a < beta { return (0.5 * d * d / beta, d / beta) }
            return (a - 0.5 * beta, d > 0 ? 1 : -1)
        }
    }

    // MARK: Shared

    private static func elementwise(_ predictions: Tensor, _ targets: Tensor, _ mask: Tensor?, _ weights: Tensor?,
                                    _ reduction: Reduction, _ f: (Float, Float) -> (Float, Float)) throws -> LossResult {
        try expectSameShape(targets, predictions, "targets")
        let count = predictions.count
        let factor = try elementFactors(count: count, mask: mask, weights: weights, what: "elements")
        let norm = normalizer(reduction, count: count, batch: predictions.shape.first ?? 1)
        let p = predictions.pointer, t = targets.pointer
        var total = 0.0
        let gradient = Tensor(shape: predictions.shape) { g in
            var i = 0
            while i < count {
                let end = min(i + 4096, count)
                var partial: Float = 0
                for j in i..<end {
                    let (loss, d) = f(p[j], t[j])
                    let w = factor?[j] ?? 1
                    partial += w * loss
                    g[j] = w * d / norm
                }
                total += Double(partial)
                i = end
            }
        }
        return LossResult(value: Float(total / Double(norm)), gradient: gradient)
    }

    /// `mask · weights` per element, or nil when neither is given.
    private static func elementFactors(count: Int, mask: Tensor?, weights: Tensor?, what: String) throws -> [Float]? {
        guard mask != nil || weights != nil else { return nil }
        var factors = [Float](repeating: 1, count: count)
        for (name, t) in [("mask", mask), ("weights", weights)] {
            guard let t else { continue }
            guard t.count == count else {
                throw ZooError.usage("Loss \(name) has \(t.count) values for \(count) \(what).")
            }
            let p = t.pointer
            for i in 0..<count { factors[i] *= p[i] }
        }
        return factors
    }

    private static func normalizer(_ reduction: Reduction, count: Int, batch: Int) -> Float {
        switch reduction {
        case .mean: Float(max(count, 1))
        case .sum: 1
        case .batchMean: Float(max(batch, 1))
        }
    }

    private static func positions(_ logits: Tensor) throws -> (n: Int, c: Int, inner: Int) {
        guard logits.rank >= 2 else { throw ZooError.usage("Cross-entropy needs [N, C, …] logits, got \(logits.shape).") }
        return (logits.shape[0], logits.shape[1], logits.shape.dropFirst(2).reduce(1, *))
    }

    private static func expectSameShape(_ a: Tensor, _ b: Tensor, _ what: String) throws {
        guard a.shape == b.shape else {
            throw ZooError.usage("Loss \(what) have shape \(a.shape); the predictions have \(b.shape).")
        }
    }
}
