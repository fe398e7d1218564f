import Engine

/// TAO's GoogLeNet template (`core/templates/googlenet.py`): the stem `conv1` → `bn_conv1` →
/// `pool1` → `conv2_reduce` → `conv2` → `pool2`, then Inception v1 blocks `inception_3a` …
/// `inception_5b` (`pool3` after 3b; TAO drops `pool4` with the ImageNet head, so the output
/// stride is 16). Activations are unnamed (`activation_<k>`), as in TAO. Reads `useBatchNorm`,
/// `useBias`, `freezeBlocks` (0 stem, 1–9 the inception blocks in order), `freezeBatchNorm`,
/// `activation`, `batchNorm`.
public enum GoogLeNet {
    /// Each block's branch widths: 1×1, 3×3 reduce, 3×3, 5×5 reduce, 5×5, pool projection.
    static let inceptions: [(name: String, widths: [Int])] = [
        ("3a", [64, 96, 128, 16, 32, 32]), ("3b", [128, 128, 192, 32, 96, 64]),
        ("4a", [192, 96, 208, 16, 48, 64]), ("4b", [160, 112, 224, 24, 64, 64]), ("4c", [128, 128, 256, 24, 64, 64]),
        ("4d", [112, 144, 288, 32, 64, 64]), ("4e", [256, 160, 320, 32, 128, 128]),
        ("5a", [256, 160, 320, 32, 128, 128]), ("5b", [384, 192, 384, 48, 128, 128]),
    ]

    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        var t = TemplateBuilder(options)
        let activation = options.activation ?? .relu
        let pool = Pool2D(kernel: Size2(2), strides: Size2(2), padding: .same)
        t.block(0)
        var x = t.convUnit(t.input, filters: 64, kernel: 7, strides: 2, conv: "conv1", bn: "bn_conv1",
                           activation: activation, activationName: nil)
        x = t.graph.maxPool(x, pool, name: "pool1")
        x = t.convUnit(x, filters: 64, kernel: 1, conv: "conv2_reduce", bn: "bn_conv2_reduce",
                       activation: activation, activationName: nil)
        x = t.convUnit(x, filters: 192, kernel: 3, conv: "conv2", bn: "bn_conv2", activation: activation, activationName: nil)
        t.tap(x, block: 0)
        x = t.graph.maxPool(x, pool, name: "pool2")
        for (i, block) in inceptions.enumerated() {
            if block.name == "4a" { x = t.graph.maxPool(x, pool, name: "pool3") }
            t.block(i + 1)
            x = inception(&t, x, name: "inception_\(block.name)", widths: block.widths, activation: activation)
            t.tap(x, block: i + 1)
        }
        return try t.finish(output: x)
    }

    /// TAO's `InceptionV1Block`: four branches (1×1; 1×1 → 3×3; 1×1 → 5×5; 3×3 max-pool → 1×1),
    /// each convolution followed by `<name>_bn` and an activation, concatenated as `<name>_output`.
    static func inception(_ t: inout TemplateBuilder, _ x: String, name: String, widths: [Int],
                          activation: Activation) -> String {
        func unit(_ input: String, _ filters: Int, _ kernel: Int, _ id: String) -> String {
            t.convUnit(input, filters: filters, kernel: kernel, conv: "\(name)_\(id)", bn: "\(name)_\(id)_bn",
                       activation: activation, activationName: nil)
        }
        let b1 = unit(x, widths[0], 1, "1x1")
        let b2 = unit(unit(x, widths[1], 1, "3x3_reduce"), widths[2], 3, "3x3")
        let b3 = unit(unit(x, widths[3], 1, "5x5_reduce"), widths[4], 5, "5x5")
        let pooled = t.graph.maxPool(x, Pool2D(kernel: Size2(3), strides: Size2(1), padding: .same), name: "\(name)_pool")
        let b4 = unit(pooled, widths[5], 1, "pool_proj")
        return t.graph.concat([b1, b2, b3, b4], name: "\(name)_output")
    }
}
