import Engine
import ZooCore

/// TAO's ResNet template (`nvidia_tao_tf1/core/templates/resnet.py`), channels-first, with
/// Keras/TAO node names: `conv1`, `bn_conv1`, then per block `block_<n><a,b,…>_conv_<i>`,
/// `…_bn_<i>`, `…_relu_<i>`, `…_conv_shortcut`, `…_bn_shortcut`, `add_<k>`, `…_relu`.
/// Reads every `BackboneOptions` field; blocks are 0 (stem) and 1–4.
public enum ResNet {
    /// The depths TAO builds.
    public static let depths = [10, 18, 34, 50, 101]

    /// ResNet's options (`layers` is 10, 18, 34, 50 or 101).
    public typealias Options = BackboneOptions

    /// Builds the backbone, or throws a `ZooError` for a depth TAO does not define.
    public static func build(_ options: Options) throws -> Backbone {
        let basic = { (f: Int) -> [TemplateBuilder.Subblock] in [(3, f), (3, f)] }
        let bottleneck = { (f: Int) -> [TemplateBuilder.Subblock] in [(1, f), (3, f), (1, 4 * f)] }
        let plan: [(repeats: Int, subblocks: [TemplateBuilder.Subblock])]
        switch options.layers {
        case 10: plan = [(1, basic(64)), (1, basic(128)), (1, basic(256)), (1, basic(512))]
        case 18: plan = [(2, basic(64)), (2, basic(128)), (2, basic(256)), (2, basic(512))]
        case 34: plan = [(3, basic(64)), (4, basic(128)), (6, basic(256)), (3, basic(512))]
        case 50: plan = [(3, bottleneck(64)), (4, bottleneck(128)), (6, bottleneck(256)), (3, bottleneck(512))]
        case 101: plan = [(3, bottleneck(64)), (4, bottleneck(128)), (23, bottleneck(256)), (3, bottleneck(512))]
        default: throw TemplateBuilder.unsupportedDepth("ResNet", options.layers, depths)
        }
        var t = TemplateBuilder(options)
        t.block(0)
        var x = t.convUnit(t.input, filters: 64, kernel: 7, strides: 2, conv: "conv1", bn: "bn_conv1",
                           activation: options.activation ?? .relu, activationName: nil)
        if options.usePooling {
            x = t.graph.maxPool(x, Pool2D(kernel: Size2(3), strides: Size2(2), padding: .same))
        }
        t.tap(x, block: 0)
        // With pooling the first block keeps the size and the last halves it (output stride
        // 32); without, the first halves it and the last keeps it (output stride 16, DetectNet_v2).
        for (i, stage) in plan.enumerated() {
            let index = i + 1
            let stride = index == 1 ? (options.usePooling ? 1 : 2) : index == plan.count ? (options.usePooling ? 2 : 1) : 2
            t.block(index)
            x = t.cnnBlock(x, index: index, repeats: stage.repeats, stride: stride, subblocks: stage.subblocks,
                           shortcuts: true)
            t.tap(x, block: index)
        }
        if options.usePooling {
            x = t.graph.averagePool(x, Pool2D(kernel: Size2(7), strides: Size2(7), padding: .same))
        }
        return try t.finish(output: x)
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
