/// What a graph node computes, with every attribute explicit (so ONNX export and pruning can
/// read them). Shapes are NCHW; channel counts that follow from the inputs are not stored.
public enum Op: Equatable, Sendable {
    /// A graph input of `channels` × `height` × `width` (nil height/width: any size).
    case input(Input)
    /// 2-D convolution (grouped when `groups` > 1), optional bias and fused activation.
    case conv2d(Conv2D)
    /// Depthwise convolution: each input channel convolved with `multiplier` filters of its own.
    case depthwiseConv2d(DepthwiseConv2D)
    /// Batch normalization over the channel axis.
    case batchNorm(BatchNorm)
    /// An element-wise activation (or softmax over channels).
    case activation(Activation)
    /// Max pooling.
    case maxPool(Pool2D)
    /// Average pooling.
    case averagePool(Pool2D)
    /// Mean over height and width.
    case globalAveragePool(GlobalAveragePool)
    /// Nearest or bilinear upsampling by integer factors.
    case upsample(Upsample)
    /// Concatenation along the channel axis.
    case concat
    /// Element-wise sum of equally shaped inputs.
    case add
    /// Element-wise product of two inputs; the second may be `[N, C, 1, 1]` (squeeze-excite).
    case multiply
    /// Fully connected layer on `[N, F]` inputs, optional bias and fused activation.
    case dense(Dense)
    /// `[N, C, H, W]` → `[N, C·H·W]`.
    case flatten
    /// A new per-item shape (one dimension may be -1).
    case reshape(Reshape)
    /// Inverted dropout during training, identity at inference.
    case dropout(Dropout)
    /// Zero padding of height and width.
    case zeroPad(Pads)
    /// One of `groups` equal channel slices (TAO's `Split` layer in CSPDarknet-tiny).
    case split(Split)

    /// The Keras class name of the op (`Conv2D`, `BatchNormalization`, …), also its JSON `type`.
    public var typeName: String {
        switch self {
        case .input: "InputLayer"
        case .conv2d: "Conv2D"
        case .depthwiseConv2d: "DepthwiseConv2D"
        case .batchNorm: "BatchNormalization"
        case .activation: "Activation"
        case .maxPool: "MaxPooling2D"
        case .averagePool: "AveragePooling2D"
        case .globalAveragePool: "GlobalAveragePooling2D"
        case .upsample: "UpSampling2D"
        case .concat: "Concatenate"
        case .add: "Add"
        case .multiply: "Multiply"
        case .dense: "Dense"
        case .flatten: "Flatten"
        case .reshape: "Reshape"
        case .dropout: "Dropout"
        case .zeroPad: "ZeroPadding2D"
        case .split: "Split"
        }
    }
}

/// Attributes of a graph input.
public struct Input: Codable, Equatable, Sendable {
    public var channels: Int
    public var height: Int?
    public var width: Int?
    public init(channels: Int, height: Int? = nil, width: Int? = nil) {
        self.channels = channels; self.height = height; self.width = width
    }
}

/// Attributes of a 2-D convolution. Kernel layout `[filters, inChannels / groups, kh, kw]` (OIHW).
public struct Conv2D: Codable, Equatable, Sendable {
    public var filters: Int
    public var kernel: Size2
    public var strides: Size2
    public var padding: Padding
    public var dilations: Size2
    public var groups: Int
    public var useBias: Bool
    /// Applied after the bias (Keras `activation=`), so heads export as `output_cov/Sigmoid`.
    public var activation: Activation?
    public var kernelInitializer: Initializer
    public var biasInitializer: Initializer

    public init(filters: Int, kernel: Size2, strides: Size2 = Size2(1), padding: Padding = .same,
                dilations: Size2 = Size2(1), groups: Int = 1, useBias: Bool = true, activation: Activation? = nil,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros) {
        self.filters = filters; self.kernel = kernel; self.strides = strides; self.padding = padding
        self.dilations = dilations; self.groups = groups; self.useBias = useBias; self.activation = activation
        self.kernelInitializer = kernelInitializer; self.biasInitializer = biasInitializer
    }
}

/// Attributes of a depthwise convolution. Kernel layout `[channels · multiplier, 1, kh, kw]`
/// (an ONNX Conv with `group = channels`).
public struct DepthwiseConv2D: Codable, Equatable, Sendable {
    public var multiplier: Int
    public var kernel: Size2
    public var strides: Size2
    public var padding: Padding
    public var dilations: Size2
    public var useBias: Bool
    public var activation: Activation?
    public var kernelInitializer: Initializer
    public var biasInitializer: Initializer

    public init(multiplier: Int = 1, kernel: Size2, strides: Size2 = Size2(1), padding: Padding = .same,
                dilations: Size2 = Size2(1), useBias: Bool = true, activation: Activation? = nil,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros) {
        self.multiplier = multiplier; self.kernel = kernel; self.strides = strides; self.padding = padding
        self.dilations = dilations; self.useBias = useBias; self.activation = activation
        self.kernelInitializer = kernelInitializer; self.biasInitializer = biasInitializer
    }

    /// The equivalent grouped convolution for `channels` input channels.
    func asConv(channels: Int) -> Conv2D {
        Conv2D(filters: channels * multiplier, kernel: kernel, strides: strides, padding: padding, dilations: dilations,
               groups: channels, useBias: useBias, activation: activation,
               kernelInitializer: kernelInitializer, biasInitializer: biasInitializer)
    }
}

/// Attributes of batch normalization: `y = γ (x − μ) / √(σ² + ε) + β`. `momentum` follows Keras:
/// `moving = momentum · moving + (1 − momentum) · batch` (PyTorch's momentum is `1 − momentum`);
/// the moving variance uses the unbiased batch variance.
public struct BatchNorm: Codable, Equatable, Sendable {
    public var epsilon: Float
    public var momentum: Float
    /// Use the moving statistics during training too (TAO `freeze_bn`, Keras `training=False`).
    public var frozenStatistics: Bool

    public init(epsilon: Float = 1e-3, momentum: Float = 0.99, frozenStatistics: Bool = false) {
        self.epsilon = epsilon; self.momentum = momentum; self.frozenStatistics = frozenStatistics
    }
}

/// Attributes of max and average pooling.
public struct Pool2D: Codable, Equatable, Sendable {
    public var kernel: Size2
    public var strides: Size2
    public var padding: Padding
    /// Average pooling: whether padded zeros count in the divisor (Keras `same`: false).
    public var countIncludesPadding: Bool

    public init(kernel: Size2, strides: Size2? = nil, padding: Padding = .valid, countIncludesPadding: Bool = false) {
        self.kernel = kernel; self.strides = strides ?? kernel; self.padding = padding
        self.countIncludesPadding = countIncludesPadding
    }
}

/// Attributes of global average pooling.
public struct GlobalAveragePool: Codable, Equatable, Sendable {
    /// Keep `[N, C, 1, 1]` (ONNX GlobalAveragePool) instead of `[N, C]` (Keras default).
    public var keepDims: Bool
    public init(keepDims: Bool = false) { self.keepDims = keepDims }
}

/// Attributes of upsampling (ONNX `Resize` with integer scales).
public struct Upsample: Codable, Equatable, Sendable {
    /// Interpolation mode.
    public enum Mode: String, Codable, Sendable { case nearest, bilinear }
    /// How output pixel centres map to input coordinates (ONNX `coordinate_transformation_mode`).
    public enum CoordinateTransform: String, Codable, Sendable {
        /// `x_in = (x_out + 0.5) / scale − 0.5` (PyTorch `align_corners=False`, TF2 resize).
        case halfPixel
        /// `x_in = x_out · (in − 1) / (out − 1)`.
        case alignCorners
        /// `x_in = x_out / scale` (TF1 `resize_bilinear`).
        case asymmetric
    }
    public var scale: Size2
    public var mode: Mode
    /// Used by bilinear; nearest always picks `floor(x_out / scale)` (Keras `UpSampling2D`).
    public var coordinateTransform: CoordinateTransform

    public init(scale: Size2, mode: Mode = .nearest, coordinateTransform: CoordinateTransform = .halfPixel) {
        self.scale = scale; self.mode = mode; self.coordinateTransform = coordinateTransform
    }
}

/// Attributes of a fully connected layer. Weight layout `[units, inFeatures]` (ONNX Gemm, transB = 1).
public struct Dense: Codable, Equatable, Sendable {
    public var units: Int
    public var useBias: Bool
    public var activation: Activation?
    public var kernelInitializer: Initializer
    public var biasInitializer: Initializer

    public init(units: Int, useBias: Bool = true, activation: Activation? = nil,
                kernelInitializer: Initializer = .glorotUniform, biasInitializer: Initializer = .zeros) {
        self.units = units; self.useBias = useBias; self.activation = activation
        self.kernelInitializer = kernelInitializer; self.biasInitializer = biasInitializer
    }
}

/// Attributes of a reshape: the per-item target shape (batch dimension excluded).
public struct Reshape: Codable, Equatable, Sendable {
    public var shape: [Int]
    public init(shape: [Int]) { self.shape = shape }
}

/// Attributes of dropout.
public struct Dropout: Codable, Equatable, Sendable {
    /// Fraction of elements zeroed during training.
    public var rate: Float
    public init(rate: Float) { self.rate = rate }
}

/// Attributes of a channel split: output = channels `[index·C/groups, (index+1)·C/groups)`.
public struct Split: Codable, Equatable, Sendable {
    public var groups: Int
    public var index: Int
    public init(groups: Int, index: Int) { self.groups = groups; self.index = index }
}
