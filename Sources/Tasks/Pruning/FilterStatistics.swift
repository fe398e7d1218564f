import Engine
import Foundation

/// The numbers TAO's "min weight" pruning decides with: one L2 norm per filter, normalized per
/// layer, merged across layers that must keep the same channels, then cut at the threshold
/// (`nvidia_tao_tf1/core/pruning`: `get_L2_norm`, `normalize_stat`, `_merge_layerwise_stats`,
/// `_get_retained_idx`).
public enum FilterStatistics {
    /// The L2 norm of each filter of a kernel whose output channels are axis 0 (conv
    /// `[filters, in, kh, kw]`, depthwise `[channels, 1, kh, kw]`, dense `[units, features]`):
    /// `sqrt(Σ w²)` over everything else. Biases play no part.
    public static func filterNorms(_ kernel: Tensor) -> [Float] {
        let filters = kernel.shape.first ?? 0
        guard filters > 0 else { return [] }
        let size = kernel.count / filters
        return kernel.withUnsafeBufferPointer { w in
            (0..<filters).map { f in
                var sum: Double = 0
                for e in f * size..<(f + 1) * size {
                    let v = Double(w[e])
                    sum += v * v
                }
                return Float(sum.squareRoot())
            }
        }
    }

    /// Scales one layer's norms: `max` divides by the largest, `L2` by their L2 norm times their
    /// count (TAO's `· len(stat)`), `off` leaves them. A layer whose norms are all zero stays
    /// all zero (TAO would divide by zero).
    public static func normalize(_ norms: [Float], by normalizer: PruningOptions.Normalizer) -> [Float] {
        let divisor: Float
        switch normalizer {
        case .off: return norms
        case .max: divisor = norms.max() ?? 0
        case .l2: divisor = Float(norms.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()) / Float(norms.count)
        }
        guard divisor > 0, divisor.isFinite else { return norms.map { _ in 0 } }
        return norms.map { $0 / divisor }
    }

    /// One score per channel from the normalized norms of several layers that share those
    /// channels (all the same length): maximum (`union`), minimum (`intersection`), mean or
    /// geometric mean. A single layer's scores come back unchanged.
    public static func merge(_ scores: [[Float]], by criterion: PruningOptions.Equalization) -> [Float] {
        guard let first = scores.first else { return [] }
        guard scores.count > 1 else { return first }
        let n = Float(scores.count)
        return first.indices.map { i in
            let column = scores.map { $0[i] }
            switch criterion {
            case .union: return column.max()!
            case .intersection: return column.min()!
            case .arithmeticMean: return column.reduce(0, +) / n
            case .geometricMean: return exp(column.reduce(0) { $0 + log($1) } / n)
            }
        }
    }

    /// How many of `total` filters stay when `aboveThreshold` of them score above the
    /// threshold: at least `min(minimumFilters, total)` (and at least one), rounded up to a
    /// multiple of the granularity, at most `total`.
    public static func retainedCount(aboveThreshold: Int, total: Int, options: PruningOptions) -> Int {
        var n = max(aboveThreshold, min(options.minimumFilters, total), 1)
        let g = max(options.granularity, 1)
        if n % g != 0 { n += g - n % g }
        return min(n, total)
    }

    /// The channels that stay, ascending: the `retainedCount` best-scoring ones (ties go to the
    /// lower index).
    public static func retainedIndices(_ scores: [Float], options: PruningOptions) -> [Int] {
        let above = scores.filter { $0 > options.threshold }.count
        let n = retainedCount(aboveThreshold: above, total: scores.count, options: options)
        let ranked = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return ranked.prefix(n).sorted()
    }
}
