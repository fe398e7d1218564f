import Foundation

/// INT8 post-training calibration by the entropy (KL-divergence) method TensorRT's
/// `IInt8EntropyCalibrator2` uses: per tensor, a 2048-bin histogram of |activation| over
/// [0, max|x|]; every candidate threshold from bin 128 up is scored by the KL divergence between the
/// clipped reference distribution and its 128-level quantization, and the best one becomes `amax`
/// (scale = amax / 127).
///
/// Calibration runs in two passes over the same batches: `observeRange` first (finds each tensor's
/// max |x|), then `observeHistogram`; `amaxByTensor()` then chooses the thresholds.
public struct EntropyCalibrator: Sendable {
    /// Histogram resolution (TensorRT's default).
    public static let binCount = 2048
    /// Quantized levels on one side of zero for INT8.
    public static let levels = 128

    private var ranges: [String: Float] = [:]
    private var histograms: [String: [Double]] = [:]
    /// Tensor names in first-seen order (the order the cache lists them).
    public private(set) var tensorNames: [String] = []

    public init() {}

    /// Pass 1: widens the recorded max |x| of `tensor`.
    public mutating func observeRange(_ tensor: String, _ values: UnsafeBufferPointer<Float>) {
        var maxAbs: Float = 0
        for v in values { maxAbs = max(maxAbs, abs(v)) }
        if ranges[tensor] == nil { tensorNames.append(tensor) }
        ranges[tensor] = max(ranges[tensor] ?? 0, maxAbs)
    }

    /// Pass 2: adds |x| of `tensor` into its histogram over [0, range].
    public mutating func observeHistogram(_ tensor: String, _ values: UnsafeBufferPointer<Float>) {
        guard let range = ranges[tensor], range > 0 else { return }
        let scale = Float(Self.binCount) / range
        let last = Self.binCount - 1
        // Updated in place: no copy of the histogram per call.
        histograms[tensor, default: [Double](repeating: 0, count: Self.binCount)].withUnsafeMutableBufferPointer { bins in
            for v in values {
                let x = abs(v) * scale
                bins[x < Float(last) ? Int(x) : last] += 1  // NaN and ∞ land in the last bin, never trap
            }
        }
    }

    /// The chosen `amax` per tensor. Tensors that were always zero get a tiny positive amax.
    public func amaxByTensor() -> [(tensor: String, amax: Float)] {
        tensorNames.map { name in
            let range = ranges[name] ?? 0
            guard range > 0, let histogram = histograms[name] else { return (name, 1e-8) }
            let bin = EntropyCalibrator.bestThresholdBin(histogram)
            return (name, Float(Double(bin) * Double(range) / Double(Self.binCount)))
        }
    }

    /// The number of histogram bins to keep (a threshold at that bin's upper edge) that minimizes
    /// KL(reference ‖ quantized), searching from `levels` up to all bins.
    public static func bestThresholdBin(_ histogram: [Double], levels: Int = EntropyCalibrator.levels) -> Int {
        var bins = histogram
        guard bins.count > levels else { return bins.count }
        bins[0] = bins[1]  // the zero bin is dominated by exact zeros (ReLU); as TensorRT's tools do
        var suffix = [Double](repeating: 0, count: bins.count + 1)
        for i in stride(from: bins.count - 1, through: 0, by: -1) { suffix[i] = suffix[i + 1] + bins[i] }

        var best = bins.count
        var bestDivergence = Double.infinity
        var reference = [Double](repeating: 0, count: bins.count)
        var quantized = [Double](repeating: 0, count: bins.count)
        var bucketSum = [Double](repeating: 0, count: levels)
        var bucketCount = [Int](repeating: 0, count: levels)

        for i in levels...bins.count {
            // Reference: the first i bins, with everything beyond folded into the last kept bin.
            for j in 0..<i { reference[j] = bins[j] }
            reference[i - 1] += suffix[i]
            // Quantized: merge the i bins into `levels` buckets, spread each bucket evenly over its non-empty bins.
            for b in 0..<levels { bucketSum[b] = 0; bucketCount[b] = 0 }
            for j in 0..<i where bins[j] != 0 {
                let b = min(j * levels / i, levels - 1)
                bucketSum[b] += bins[j]
                bucketCount[b] += 1
            }
            for j in 0..<i {
                if bins[j] == 0 { quantized[j] = 0; continue }
                let b = min(j * levels / i, levels - 1)
                quantized[j] = bucketSum[b] / Double(bucketCount[b])
            }
            let divergence = klDivergence(reference, quantized, count: i)
            if divergence < bestDivergence {
                bestDivergence = divergence
                best = i
            }
        }
        return best
    }

    /// KL(p ‖ q) of the first `count` entries after normalizing each to sum 1; ∞ when q misses mass p has.
    static func klDivergence(_ p: [Double], _ q: [Double], count: Int) -> Double {
        var sp = 0.0, sq = 0.0
        for j in 0..<count { sp += p[j]; sq += q[j] }
        guard sp > 0, sq > 0 else { return .infinity }
        var sum = 0.0
        for j in 0..<count where p[j] > 0 {
            let pj = p[j] / sp
            let qj = q[j] / sq
            if qj <= 0 { return .infinity }
            sum += pj * log(pj / qj)
        }
        return sum
    }
}
