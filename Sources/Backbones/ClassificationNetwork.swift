import Engine
import ZooCore

/// TAO classification's network (`cv/makenet/model/model_builder.py`): a backbone from the
/// catalog built with the `model_config` fields TAO passes to it, then TAO's head — `avg_pool`
/// (average over the whole map) → `flatten` → dense `predictions` with softmax. The graph's
/// input is `input_1` and its output `predictions`, TAO's exported names.
public enum ClassificationNetwork {
    /// The graph input's name.
    public static let inputName = "input_1"
    /// The graph output's name (softmax probabilities, `[N, classes]`).
    public static let outputName = "predictions"

    /// The `model_config` fields TAO's classification reads, defaulting to the proto's unset
    /// values as TAO reads them (so an unset `use_batch_norm` means no batch norm).
    public struct Options: Sendable {
        /// `use_batch_norm` (every family but efficientnet, which always has it, and
        /// alexnet/squeezenet, which never do).
        public var useBatchNorm = false
        /// `use_bias` (every family but alexnet/squeezenet, which always have biases).
        public var useBias = false
        /// `use_pooling` (resnet, vgg).
        public var usePooling = false
        /// `all_projections` (resnet, mobilenet_v2).
        public var allProjections = false
        /// `freeze_blocks`: blocks whose convolutions do not train (see each family for numbering).
        public var freezeBlocks: Set<Int> = []
        /// `freeze_bn`: every batch norm keeps its moving statistics while training.
        public var freezeBatchNorm = false
        /// `activation.activation_type` ("" when unset). As in TAO it changes cspdarknet and
        /// cspdarknet_tiny (`mish`, `relu`, anything else LeakyReLU(0.1)) and efficientnet_b1–b7
        /// (empty: swish); TAO's efficientnet_b0 never reads it (swish), nor do the others.
        public var activationType = ""
        /// `dropout`: TAO reads it only for VGG's ImageNet head (`retain_head`); zoo puts a
        /// `dropout` layer of this rate before `predictions` when it is above zero.
        public var dropout: Float = 0
        /// `batch_norm_config` (momentum, epsilon) for every batch norm; nil: TAO's fallback,
        /// momentum 0.9 and epsilon 1e-5.
        public var batchNorm: BatchNorm?

        /// The proto's defaults.
        public init() {}
    }

    /// The classifier for `arch` ("" means resnet) at depth `layers` (0 means 18, TAO's
    /// fallback) on `inputShape` images with `classes` outputs. Throws a usage `ZooError` with
    /// a hint for an unknown arch, a depth the arch lacks, fewer than two classes or a dropout
    /// rate outside [0, 1).
    public static func build(arch: String, layers: Int, inputShape: (channels: Int, height: Int, width: Int),
                             classes: Int, options: Options = Options()) throws -> Graph {
        guard classes >= 2 else {
            throw ZooError.usage("A classifier needs at least 2 classes, got \(classes).",
                                 hint: "add class folders to the dataset (or a background class)")
        }
        guard options.dropout >= 0 && options.dropout < 1 else {
            throw ZooError.usage("model_config.dropout must be in [0, 1), got \(options.dropout).")
        }
        let arch = arch.isEmpty ? "resnet" : arch
        let backbone = try BackboneCatalog.build(
            arch: arch, options: backboneOptions(arch: arch, layers: layers == 0 ? 18 : layers, inputShape: inputShape, options: options))
        var b = backbone.builder
        var x = b.globalAveragePool(backbone.output, keepDims: true, name: "avg_pool")
        x = b.flatten(x, name: "flatten")
        if options.dropout > 0 { x = b.dropout(x, rate: options.dropout, name: "dropout") }
        b.dense(x, Dense(units: classes, activation: .softmax), name: outputName)
        return try b.build(outputs: [outputName])
    }

    /// The backbone options TAO's `get_model` passes for `arch`.
    static func backboneOptions(arch: String, layers: Int, inputShape: (channels: Int, height: Int, width: Int),
                                options: Options) throws -> BackboneOptions {
        var o = BackboneOptions(layers: layers)
        o.inputChannels = inputShape.channels
        o.inputHeight = inputShape.height
        o.inputWidth = inputShape.width
        o.inputName = inputName
        o.useBatchNorm = options.useBatchNorm
        o.useBias = options.useBias
        o.usePooling = options.usePooling
        o.allProjections = options.allProjections
        o.freezeBlocks = options.freezeBlocks
        o.freezeBatchNorm = options.freezeBatchNorm
        o.batchNorm = options.batchNorm ?? BatchNorm(epsilon: 1e-5, momentum: 0.9)
        switch arch {
        case "cspdarknet", "cspdarknet_tiny":
            o.activation = options.activationType == "mish" ? .mish : options.activationType == "relu" ? .relu : nil
        case _ where arch.hasPrefix("efficientnet_b") && arch != "efficientnet_b0" && !options.activationType.isEmpty:
            guard let activation = Activation(name: options.activationType) else {
                throw ZooError.usage("Unknown activation_type '\(options.activationType)'.",
                                     hint: "use relu, relu6, leaky_relu, swish, mish, sigmoid or tanh")
            }
            o.activation = activation
        default:
            break
        }
        return o
    }
}
