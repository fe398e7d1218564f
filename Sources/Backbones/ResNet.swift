import Engine
import ZooCore

/// TAO's ResNet template (`nvidia_tao_tf1/core/templates/resnet.py`), channels-first, with
/// Keras/TAO node names: `conv1`, `bn_conv1`, then per block `block_<n><a,b,…>_conv_<i>`,
/// `…_bn_<i>`, `…_relu_<i>`, `…_conv_shortcut`, `…_bn_shortcut`, `add_<k>`, `…_relu`.
public enum ResNet {
    /// The depths TAO builds.
    public static let depths = [10, 18, 34, 50, 101]

    /// Options matching TAO's `model_config` fields.
    public struct Options: Sendable {
        /// 10, 18, 34, 50 or 101.
        public var layers: Int
        /// Input channels and optional fixed size.
        public var inputChannels = 3
        public var inputHeight: Int?
        public var inputWidth: Int?
        /// Batch norm after every convolution.
        public var useBatchNorm = true
        /// Max-pool after the stem and stride 2 in the last block (output stride 32); without it
        /// the first block strides and the last does not (output stride 16, DetectNet_v2).
        public var usePooling = false
        /// Every shortcut is a 1×1 projection (so every convolution can be pruned).
        public var allProjections = true
        /// Blocks whose parameters do not train: 0 is the stem, 1–4 the stages.
        public var freezeBlocks: Set<Int> = []
        /// Batch norms use their moving statistics during training too.
        public var freezeBatchNorm = false
        /// Convolutions carry a bias (TAO default: only without batch norm).
        public var useBias: Bool?
        /// The activation (TAO `activation_type`).
        public var activation: Activation = .relu
        /// Batch-norm epsilon and momentum (Keras defaults 1e-3 and 0.99).
        public var batchNorm = BatchNorm()
        /// The name of the input node (`input_1`, TAO's exported input name).
        public var inputName = "input_1"

        public init(layers: Int) { self.layers = layers }
    }

    /// Builds the backbone, or throws a `ZooError` for a depth TAO does not define.
    public static func build(_ options: Options) throws -> Backbone {
        let plan: [(repeats: Int, subblocks: [(kernel: Int, filters: Int)])]
        let basic = { (f: Int) in [(kernel: 3, filters: f), (kernel: 3, filters: f)] }
        let bottleneck = { (f: Int) in [(kernel: 1, filters: f), (kernel: 3, filters: f), (kernel: 1, filters: 4 * f)] }
        switch options.layers {
        case 10: plan = [(1, basic(64)), (1, basic(128)), (1, basic(256)), (1, basic(512))]
        case 18: plan = [(2, basic(64)), (2, basic(128)), (2, basic(256)), (2, basic(512))]
        case 34: plan = [(3, basic(64)), (4, basic(128)), (6, basic(256)), (3, basic(512))]
        case 50: plan = [(3, bottleneck(64)), (4, bottleneck(128)), (6, bottleneck(256)), (3, bottleneck(512))]
        case 101: plan = [(3, bottleneck(64)), (4, bottleneck(128)), (23, bottleneck(256)), (3, bottleneck(512))]
        default:
            throw ZooError.usage("ResNet-\(options.layers) is not available.",
                                 hint: "choose num_layers from \(depths.map(String.init).joined(separator: ", "))")
        }
        let useBias = options.useBias ?? !options.useBatchNorm
        var b = GraphBuilder()
        let input = b.input(options.inputName, channels: options.inputChannels,
                            height: options.inputHeight, width: options.inputWidth)
        let bn = BatchNorm(epsilon: options.batchNorm.epsilon, momentum: options.batchNorm.momentum,
                           frozenStatistics: options.freezeBatchNorm || options.batchNorm.frozenStatistics)

        b.trainable = !options.freezeBlocks.contains(0)
        var x = b.conv2d(input, filters: 64, kernel: 7, strides: 2, useBias: useBias, name: "conv1")
        if options.useBatchNorm { x = b.batchNorm(x, bn, name: "bn_conv1") }
        x = b.activation(x, options.activation)
        var stride = 2
        var taps: [FeatureTap] = []
        let firstStride = options.usePooling ? 1 : 2
        let lastStride = options.usePooling ? 2 : 1
        if options.usePooling {
            x = b.maxPool(x, Pool2D(kernel: Size2(3), strides: Size2(2), padding: .same))
            stride *= 2
        }
        taps.append(FeatureTap(node: x, stride: stride, channels: 64, block: 0))

        for (index, block) in plan.enumerated() {
            let blockNumber = index + 1
            b.trainable = !options.freezeBlocks.contains(blockNumber)
            let blockStride = blockNumber == 1 ? firstStride : (blockNumber == plan.count ? lastStride : 2)
            for repeatIndex in 0..<block.repeats {
                let prefix = "block_\(blockNumber)\(subblockID(repeatIndex))_"
                x = residualUnit(&b, x, prefix: prefix, subblocks: block.subblocks,
                                 stride: repeatIndex == 0 ? blockStride : 1, dimensionChanged: repeatIndex == 0,
                                 options: options, useBias: useBias, batchNorm: bn)
            }
            stride *= blockStride
            taps.append(FeatureTap(node: x, stride: stride, channels: b.channels(of: x), block: blockNumber))
        }
        if options.usePooling {
            x = b.averagePool(x, Pool2D(kernel: Size2(7), strides: Size2(7), padding: .same))
        }
        b.trainable = true
        return Backbone(builder: b, input: input, output: x, taps: taps)
    }

    /// One residual unit (TAO `CNNBlock._subblocks`): the convolutions, the shortcut (a 1×1
    /// projection when `allProjections` or the dimensions change), the add and the activation.
    private static func residualUnit(_ b: inout GraphBuilder, _ input: String, prefix: String,
                                     subblocks: [(kernel: Int, filters: Int)], stride: Int, dimensionChanged: Bool,
                                     options: Options, useBias: Bool, batchNorm: BatchNorm) -> String {
        let act = options.activation.description
        var x = input
        for (i, sub) in subblocks.enumerated() {
            x = b.conv2d(x, filters: sub.filters, kernel: sub.kernel, strides: i == 0 ? stride : 1, useBias: useBias,
                         name: "\(prefix)conv_\(i + 1)")
            if options.useBatchNorm { x = b.batchNorm(x, batchNorm, name: "\(prefix)bn_\(i + 1)") }
            if i != subblocks.count - 1 { x = b.activation(x, options.activation, name: "\(prefix)\(act)_\(i + 1)") }
        }
        var shortcut = input
        if options.allProjections || dimensionChanged {
            shortcut = b.conv2d(input, filters: subblocks.last!.filters, kernel: 1, strides: stride, padding: .valid,
                                useBias: useBias, name: "\(prefix)conv_shortcut")
            if options.useBatchNorm { shortcut = b.batchNorm(shortcut, batchNorm, name: "\(prefix)bn_shortcut") }
        }
        x = b.addition([x, shortcut])
        return b.activation(x, options.activation, name: "\(prefix)\(act)")
    }

    /// TAO's sub-block letters: a, b, …, z, aa, ab, …
    public static func subblockID(_ index: Int) -> String {
        var current = index
        var id = ""
        while current >= 0 {
            id = String(UnicodeScalar(UInt8(97 + current % 26))) + id
            current = current / 26 - 1
        }
        return id
    }
}
