import Engine

/// TAO's VGG template (`core/templates/vgg.py`): five `CNNBlock`s of 3×3 convolutions without
/// shortcuts, named `block_<n><a,b,…>_conv_1`, `…_bn_1`, `…_relu`; with `usePooling` a
/// `block<n>_pool` max-pool follows blocks 1–4, else blocks 2–5 stride. Output stride 16 (TAO
/// drops the fifth pool with the ImageNet head). Reads `layers` (16, 19), `useBatchNorm`,
/// `useBias`, `usePooling`, `freezeBlocks` (1–5), `freezeBatchNorm`, `activation`, `batchNorm`.
public enum VGG {
    /// The depths TAO builds.
    public static let depths = [16, 19]

    /// Builds the backbone, or throws a `ZooError` for a depth TAO does not define.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        let repeats: [Int]
        switch options.layers {
        case 16: repeats = [2, 2, 3, 3, 3]
        case 19: repeats = [2, 2, 4, 4, 4]
        default: throw TemplateBuilder.unsupportedDepth("VGG", options.layers, depths)
        }
        let filters = [64, 128, 256, 512, 512]
        var t = TemplateBuilder(options)
        var x = t.input
        for (i, count) in repeats.enumerated() {
            let index = i + 1
            t.block(index)
            x = t.cnnBlock(x, index: index, repeats: count, stride: index == 1 || options.usePooling ? 1 : 2,
                           subblocks: [(3, filters[i])], shortcuts: false)
            t.tap(x, block: index)
            if options.usePooling && index < repeats.count {
                x = t.graph.maxPool(x, Pool2D(kernel: Size2(2), strides: Size2(2), padding: .same), name: "block\(index)_pool")
            }
        }
        return try t.finish(output: x)
    }
}
