import Engine

/// What every backbone template reads, named after TAO's `model_config` fields. Each family
/// reads the fields its TAO template takes and ignores the rest (its doc comment says which);
/// nil means "the template's own default".
public struct BackboneOptions: Sendable {
    /// Depth (`n_layers`) for the families built at several depths (resnet, vgg, darknet,
    /// cspdarknet); ignored by the others.
    public var layers: Int
    /// Input channels (1 or 3) and, when fixed, height and width.
    public var inputChannels = 3
    public var inputHeight: Int?
    public var inputWidth: Int?
    /// The input node's name (`input_1`, TAO's exported input name).
    public var inputName = "input_1"
    /// Batch norm after every convolution (`use_batch_norm`).
    public var useBatchNorm = true
    /// Convolutions followed by batch norm carry a bias (`use_bias`); nil: only where no batch
    /// norm follows.
    public var useBias: Bool?
    /// ResNet: max-pool after the stem, output stride 32 (else 16); VGG: max-pool between blocks
    /// instead of strided convolutions (`use_pooling`).
    public var usePooling = false
    /// ResNet and MobileNetV2: every shortcut is a 1×1 projection, so every convolution can be
    /// pruned (`all_projections`).
    public var allProjections = true
    /// Blocks whose convolutions do not train (`freeze_blocks`; 0 is the stem). As in TAO, the
    /// batch norms of a frozen block still train; `freezeBatchNorm` fixes their statistics.
    public var freezeBlocks: Set<Int> = []
    /// Every batch norm uses its moving statistics during training too (`freeze_bn`).
    public var freezeBatchNorm = false
    /// The activation where the template lets it be chosen (`activation_type`); nil: the
    /// template's (ReLU, darknet's LeakyReLU(0.1), EfficientNet's swish).
    public var activation: Activation?
    /// Epsilon and momentum of every batch norm (`batch_norm_config`); nil: the template's
    /// (Keras' 1e-3 and 0.99; MobileNetV2 0.999).
    public var batchNorm: BatchNorm?

    /// Options for a backbone of depth `layers` (0 for families with one depth).
    public init(layers: Int = 0) { self.layers = layers }
}
