import Engine
import ZooCore

/// What every backbone template shares while it builds: the graph, the options, which block is
/// being built (for `freeze_blocks`), the feature taps, and TAO's conv → batch norm →
/// activation unit.
struct TemplateBuilder {
    var graph = GraphBuilder()
    let options: BackboneOptions
    /// The input node.
    let input: String
    /// Whether the template's convolutions carry a bias.
    let useBias: Bool
    private let batchNormAttributes: BatchNorm
    private var taps: [(node: String, block: Int)] = []

    /// Starts a template with the input node; `batchNorm` is the template's own batch-norm
    /// setting, which `options.batchNorm` overrides.
    init(_ options: BackboneOptions, batchNorm: BatchNorm = BatchNorm()) {
        self.options = options
        useBias = options.useBias ?? !options.useBatchNorm
        var bn = options.batchNorm ?? batchNorm
        bn.frozenStatistics = bn.frozenStatistics || options.freezeBatchNorm
        batchNormAttributes = bn
        input = graph.input(options.inputName, channels: options.inputChannels,
                            height: options.inputHeight, width: options.inputWidth)
    }

    /// Starts block `n` of the template: the convolutions added until the next call do not
    /// train if `freeze_blocks` lists `n`.
    mutating func block(_ n: Int) {
        graph.trainable = !options.freezeBlocks.contains(n)
    }

    /// A convolution; `useBias` nil takes the template's setting.
    mutating func conv(_ x: String, filters: Int, kernel: Int, strides: Int = 1, padding: Padding = .same,
                       useBias: Bool? = nil, activation: Activation? = nil,
                       initializer: Initializer = .glorotUniform, name: String?) -> String {
        graph.conv2d(x, Conv2D(filters: filters, kernel: Size2(kernel), strides: Size2(strides), padding: padding,
                               useBias: useBias ?? self.useBias, activation: activation, kernelInitializer: initializer),
                     name: name)
    }

    /// A depthwise convolution (multiplier 1) with the template's bias setting.
    mutating func depthwise(_ x: String, kernel: Int, strides: Int = 1, padding: Padding = .same,
                            initializer: Initializer = .glorotUniform, name: String) -> String {
        graph.depthwiseConv2d(x, DepthwiseConv2D(kernel: Size2(kernel), strides: Size2(strides), padding: padding,
                                                 useBias: useBias, kernelInitializer: initializer), name: name)
    }

    /// A batch norm. It trains even inside a frozen block: TAO's templates set `trainable` on
    /// convolutions only.
    mutating func batchNorm(_ x: String, name: String?) -> String {
        let trainable = graph.trainable
        graph.trainable = true
        defer { graph.trainable = trainable }
        return graph.batchNorm(x, batchNormAttributes, name: name)
    }

    /// A batch norm when `use_batch_norm` is on, else `x` unchanged.
    mutating func optionalBatchNorm(_ x: String, name: String?) -> String {
        options.useBatchNorm ? batchNorm(x, name: name) : x
    }

    /// Convolution, batch norm (when `use_batch_norm`), activation: the unit most templates
    /// repeat (TAO's `_leaky_conv`, `_mish_conv`, stems).
    mutating func convUnit(_ x: String, filters: Int, kernel: Int, strides: Int = 1, padding: Padding = .same,
                           conv: String, bn: String?, activation: Activation, activationName: String?) -> String {
        let y = self.conv(x, filters: filters, kernel: kernel, strides: strides, padding: padding, name: conv)
        return graph.activation(optionalBatchNorm(y, name: bn), activation, name: activationName)
    }

    /// Records `node` as the feature map ending block `block`.
    mutating func tap(_ node: String, block: Int) {
        taps.append((node, block))
    }

    /// The finished backbone ending at `output`, its builder ready for heads (which train).
    /// Tap strides come from the shapes at a 256-pixel probe input, so they do not depend on
    /// the input size the graph was built for.
    func finish(output: String) throws -> Backbone {
        var builder = graph
        builder.trainable = true
        let probe = try builder.build(outputs: [output]).shapes(inputSizes: [input: Size2(TemplateBuilder.probe)])
        let featureTaps = taps.map { tap in
            let shape = probe[tap.node] ?? []
            return FeatureTap(node: tap.node, stride: TemplateBuilder.probe / max(shape.count == 3 ? shape[1] : 1, 1),
                              channels: shape.first ?? 0, block: tap.block)
        }
        return Backbone(builder: builder, input: input, output: output, taps: featureTaps)
    }

    private static let probe = 256

    /// The error for a depth a family's template does not define.
    static func unsupportedDepth(_ family: String, _ layers: Int, _ depths: [Int]) -> ZooError {
        ZooError.usage("\(family) has no \(layers)-layer version.",
                       hint: "choose the number of layers from \(depths.map(String.init).joined(separator: ", "))")
    }
}
