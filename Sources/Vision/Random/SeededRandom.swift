import Foundation

/// A small, fast, seedable random generator (xoshiro256**, seeded through SplitMix64) whose
/// sequence depends only on the seed — the same on every machine and Swift version — so that
/// augmentation and synthetic data are reproducible. Not for cryptography.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose whole sequence is determined by `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitmix(); s1 = splitmix(); s2 = splitmix(); s3 = splitmix()
    }

    /// A generator for item `index` of a stream seeded with `seed` (independent of every other index),
    /// so items can be produced in any order or in parallel with the same result.
    public init(seed: UInt64, stream index: Int) {
        self.init(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03 &+ 0x8CB9_2BA7_2F3D_8DD7))
    }

    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// A uniform float in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + Float(unit()) * (high - low)
    }

    /// A uniform integer in `range` (unbiased).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int(truncatingIfNeeded: next()) }  // the full 64-bit range
        let limit = UInt64.max - UInt64.max % span
        var x = next()
        while x >= limit { x = next() }
        return range.lowerBound + Int(x % span)
    }

    /// A uniform integer in `0..<count`.
    public mutating func index(_ count: Int) -> Int {
        precondition(count > 0, "cannot pick from nothing")
        return int(in: 0...(count - 1))
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal deviate (Box–Muller), scaled by `sigma` around `mean`.
    public mutating func normal(mean: Double = 0, sigma: Double = 1) -> Double {
        var u = unit()
        while u <= .leastNormalMagnitude { u = unit() }
        return mean + sigma * (-2 * log(u)).squareRoot() * cos(2 * .pi * unit())
    }

    /// An approximately normal deviate (sum of four uniforms from one 64-bit draw, variance 1),
    /// for per-pixel noise where Box–Muller's log and cos would dominate.
    public mutating func fastNormal() -> Float {
        let bits = next()
        let sum = Float(bits & 0xFFFF) + Float((bits >> 16) & 0xFFFF) + Float((bits >> 32) & 0xFFFF) + Float(bits >> 48)
        return (sum * (1 / 65536) - 2) * 1.7320508
    }

    /// A normal deviate redrawn until it falls within two standard deviations of the mean, as
    /// TensorFlow's `truncated_normal` (which TAO's colour augmentation uses).
    public mutating func truncatedNormal(mean: Double = 0, sigma: Double) -> Double {
        guard sigma > 0 else { return mean }
        while true {
            let z = normal()
            if abs(z) <= 2 { return mean + sigma * z }
        }
    }

    /// A Gamma(shape, 1) deviate (Marsaglia–Tsang).
    public mutating func gamma(shape: Double) -> Double {
        precondition(shape > 0, "gamma shape must be positive")
        if shape < 1 { return gamma(shape: shape + 1) * pow(max(unit(), .leastNormalMagnitude), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x = 0.0, v = 0.0
            repeat { x = normal(); v = 1 + c * x } while v <= 0
            v = v * v * v
            let u = unit()
            if u < 1 - 0.0331 * x * x * x * x || log(max(u, .leastNormalMagnitude)) < 0.5 * x * x + d * (1 - v + log(v)) {
                return d * v
            }
        }
    }

    /// A Beta(alpha, alpha) deviate in [0, 1] (mixup's mixing weight).
    public mutating func beta(_ a: Double, _ b: Double) -> Double {
        let x = gamma(shape: a), y = gamma(shape: b)
        return x + y > 0 ? x / (x + y) : 0.5
    }

    /// A random element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[index(items.count)] }

    /// Fisher–Yates shuffle.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(in: 0...i))
        }
    }
}
