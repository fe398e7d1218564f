import Foundation

/// A fast, seedable random number generator (xoshiro256**, seeded through SplitMix64), so that
/// initialization, dropout and test data are reproducible from one integer.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        var x = seed
        func splitmix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    /// A generator derived from `seed` and a name (e.g. a parameter's), independent of the order
    /// in which names are visited.
    public init(seed: UInt64, name: String) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        self.init(seed: seed ^ h)
    }

    public mutating func next() -> UInt64 {
        let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = s.3 << 45 | s.3 >> 19
        return result
    }

    /// A uniform float in [0, 1).
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }

    /// A standard normal sample (Box–Muller).
    public mutating func nextNormal() -> Float {
        var u1 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        if u1 < 1e-300 { u1 = 1e-300 }
        let u2 = Double(next() >> 11) * (1.0 / Double(1 << 53))
        return Float(sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2))
    }

    /// A standard normal sample redrawn until it lies within two standard deviations.
    public mutating func nextTruncatedNormal() -> Float {
        while true {
            let z = nextNormal()
            if abs(z) <= 2 { return z }
        }
    }
}

/// How a parameter tensor is filled when a model is created. The fan-based ones follow Keras
/// (`glorot_uniform` is Keras' default for kernels; normal variants are truncated at 2σ).
public enum Initializer: Codable, Equatable, Sendable {
    case zeros
    case ones
    case constant(Float)
    case uniform(min: Float, max: Float)
    case normal(mean: Float, stddev: Float)
    /// U(±√(6 / (fanIn + fanOut))).
    case glorotUniform
    /// Truncated N(0, 2 / (fanIn + fanOut)).
    case glorotNormal
    /// Truncated N(0, 2 / fanIn) (He / Kaiming).
    case heNormal
    /// U(±√(6 / fanIn)).
    case heUniform
    /// Keras `VarianceScaling`: variance `scale / fan` with fan chosen by `mode`.
    case varianceScaling(scale: Float, mode: FanMode, distribution: Distribution)

    /// Which fan a variance-scaling initializer divides by.
    public enum FanMode: String, Codable, Sendable { case fanIn, fanOut, fanAverage }
    /// The distribution a variance-scaling initializer samples.
    public enum Distribution: String, Codable, Sendable { case truncatedNormal, untruncatedNormal, uniform }

    /// Fills a tensor of `shape` whose fans are `fans`.
    public func make(shape: [Int], fans: (fanIn: Int, fanOut: Int), generator: inout SeededGenerator) -> Tensor {
        let fanIn = Float(max(fans.fanIn, 1)), fanOut = Float(max(fans.fanOut, 1))
        switch self {
        case .zeros: return Tensor(shape: shape, repeating: 0)
        case .ones: return Tensor(shape: shape, repeating: 1)
        case .constant(let v): return Tensor(shape: shape, repeating: v)
        case .uniform(let lo, let hi): return Initializer.uniform(shape, lo, hi, &generator)
        case .normal(let mean, let std):
            return Tensor(shape: shape) { p in for i in p.indices { p[i] = mean + std * generator.nextNormal() } }
        case .glorotUniform:
            let limit = (6 / (fanIn + fanOut)).squareRoot()
            return Initializer.uniform(shape, -limit, limit, &generator)
        case .glorotNormal:
            return Initializer.truncated(shape, (2 / (fanIn + fanOut)).squareRoot(), &generator)
        case .heNormal:
            return Initializer.truncated(shape, (2 / fanIn).squareRoot(), &generator)
        case .heUniform:
            let limit = (6 / fanIn).squareRoot()
            return Initializer.uniform(shape, -limit, limit, &generator)
        case .varianceScaling(let scale, let mode, let distribution):
            let fan: Float = switch mode {
            case .fanIn: fanIn
            case .fanOut: fanOut
            case .fanAverage: (fanIn + fanOut) / 2
            }
            let variance = scale / fan
            switch distribution {
            case .truncatedNormal: return Initializer.truncated(shape, variance.squareRoot(), &generator)
            case .untruncatedNormal:
                return Tensor(shape: shape) { p in for i in p.indices { p[i] = variance.squareRoot() * generator.nextNormal() } }
            case .uniform:
                let limit = (3 * variance).squareRoot()
                return Initializer.uniform(shape, -limit, limit, &generator)
            }
        }
    }

    private static func uniform(_ shape: [Int], _ lo: Float, _ hi: Float, _ g: inout SeededGenerator) -> Tensor {
        Tensor(shape: shape) { p in for i in p.indices { p[i] = lo + (hi - lo) * g.nextUnitFloat() } }
    }

    /// Truncated normal with the standard deviation of the *truncated* distribution equal to
    /// `stddev` (the 0.8796… correction Keras applies).
    private static func truncated(_ shape: [Int], _ stddev: Float, _ g: inout SeededGenerator) -> Tensor {
        let s = stddev / 0.879_625_661_034_239_78
        return Tensor(shape: shape) { p in for i in p.indices { p[i] = s * g.nextTruncatedNormal() } }
    }
}

extension Tensor {
    /// A tensor of uniform samples in [min, max).
    public static func uniform(_ shape: [Int], min: Float = 0, max: Float = 1, generator: inout SeededGenerator) -> Tensor {
        Initializer.uniform(min: min, max: max).make(shape: shape, fans: (1, 1), generator: &generator)
    }

    /// A tensor of normal samples.
    public static func normal(_ shape: [Int], mean: Float = 0, stddev: Float = 1, generator: inout SeededGenerator) -> Tensor {
        Initializer.normal(mean: mean, stddev: stddev).make(shape: shape, fans: (1, 1), generator: &generator)
    }
}
