/// A height × width pair (kernel sizes, strides, dilations, scale factors); JSON `[h, w]`.
public struct Size2: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    public var h: Int
    public var w: Int

    public init(_ h: Int, _ w: Int) { self.h = h; self.w = w }
    /// The same value for both dimensions.
    public init(_ both: Int) { self.init(both, both) }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        h = try c.decode(Int.self)
        w = try c.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(h)
        try c.encode(w)
    }

    public var description: String { h == w ? "\(h)" : "\(h)x\(w)" }
}

/// Explicit zero padding on each side of a feature map (ONNX `pads` order is top, left, bottom, right).
public struct Pads: Codable, Equatable, Sendable {
    public var top: Int, left: Int, bottom: Int, right: Int

    public init(top: Int, left: Int, bottom: Int, right: Int) {
        self.top = top; self.left = left; self.bottom = bottom; self.right = right
    }
    /// The same padding on every side.
    public init(_ all: Int) { self.init(top: all, left: all, bottom: all, right: all) }
    /// No padding.
    public static let zero = Pads(0)
}

/// How a windowed op (conv, pooling) pads its input.
public enum Padding: Codable, Equatable, Sendable {
    /// No padding.
    case valid
    /// TensorFlow/Keras `same`: output = ceil(input / stride), the odd pixel of padding going to
    /// the bottom/right (ONNX `auto_pad = SAME_UPPER`). Resolve to explicit pads with `pads(…)`.
    case same
    /// Fixed pads.
    case explicit(Pads)

    /// The explicit pads for an input of `size` (height, width) — what an ONNX exporter writes.
    public func pads(input size: Size2, kernel: Size2, strides: Size2, dilations: Size2 = Size2(1)) -> Pads {
        switch self {
        case .valid: return .zero
        case .explicit(let p): return p
        case .same:
            func split(_ n: Int, _ k: Int, _ s: Int, _ d: Int) -> (Int, Int) {
                let out = (n + s - 1) / s
                let effective = (k - 1) * d + 1
                let total = max((out - 1) * s + effective - n, 0)
                return (total / 2, total - total / 2)
            }
            let (t, b) = split(size.h, kernel.h, strides.h, dilations.h)
            let (l, r) = split(size.w, kernel.w, strides.w, dilations.w)
            return Pads(top: t, left: l, bottom: b, right: r)
        }
    }

    /// Output size of a window of `kernel` over `size` with these pads.
    static func outputSize(_ size: Size2, kernel: Size2, strides: Size2, dilations: Size2, pads: Pads) -> Size2 {
        let eh = (kernel.h - 1) * dilations.h + 1, ew = (kernel.w - 1) * dilations.w + 1
        return Size2((size.h + pads.top + pads.bottom - eh) / strides.h + 1,
                     (size.w + pads.left + pads.right - ew) / strides.w + 1)
    }
}

/// An element-wise activation function. `softmax` normalizes over the channel axis (axis 1).
public enum Activation: Codable, Equatable, Hashable, Sendable, CustomStringConvertible {
    case relu
    /// min(max(x, 0), 6) (MobileNet).
    case relu6
    /// x for x > 0, alpha·x otherwise (Keras default alpha 0.3; darknet uses 0.1).
    case leakyRelu(alpha: Float)
    /// x · sigmoid(x), also called SiLU (EfficientNet).
    case swish
    /// x · tanh(softplus(x)) (CSPDarknet).
    case mish
    case sigmoid
    case tanh
    /// exp(x) / Σ_c exp(x) over axis 1.
    case softmax

    /// The Keras/TAO spelling (`relu`, `leaky_relu`, …), also used in JSON.
    public var description: String {
        switch self {
        case .relu: "relu"
        case .relu6: "relu6"
        case .leakyRelu: "leaky_relu"
        case .swish: "swish"
        case .mish: "mish"
        case .sigmoid: "sigmoid"
        case .tanh: "tanh"
        case .softmax: "softmax"
        }
    }

    /// Parses the Keras/TAO name (`relu`, `relu6`, `leaky_relu`/`lrelu`, `swish`/`silu`, `mish`,
    /// `sigmoid`, `tanh`, `softmax`); `alpha` is LeakyReLU's slope.
    public init?(name: String, alpha: Float = 0.1) {
        switch name.lowercased() {
        case "relu": self = .relu
        case "relu6": self = .relu6
        case "leaky_relu", "leakyrelu", "lrelu": self = .leakyRelu(alpha: alpha)
        case "swish", "silu": self = .swish
        case "mish": self = .mish
        case "sigmoid": self = .sigmoid
        case "tanh": self = .tanh
        case "softmax": self = .softmax
        default: return nil
        }
    }

    private enum Keys: String, CodingKey { case type, alpha }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let name = try c.decode(String.self, forKey: .type)
        let alpha = try c.decodeIfPresent(Float.self, forKey: .alpha) ?? 0.3
        guard let value = Activation(name: name, alpha: alpha) else {
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown activation '\(name)'")
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(description, forKey: .type)
        if case .leakyRelu(let alpha) = self { try c.encode(alpha, forKey: .alpha) }
    }
}
