import Engine

/// TAO's DarkNet template (`core/templates/darknet.py`). Every convolution is TAO's
/// `_leaky_conv`: `<name>` → `<name>_bn` → `<name>_lrelu`. DarkNet-19: `conv1`, then five
/// stages `maxpool_<n>` → `b<n>_conv<k>`; DarkNet-53: `conv1`, then five stages of a strided
/// `conv<n+1>` and residual pairs `b<n>_conv<k>_1` (1×1) → `b<n>_conv<k>_2` (3×3) → `b<n>_add<k>`.
/// Output stride 32. Reads `layers` (19, 53), `useBatchNorm`, `useBias`, `freezeBlocks` (0 stem,
/// 1–5 the stages), `freezeBatchNorm`, `batchNorm`, `activation` (default LeakyReLU(0.1)).
public enum DarkNet {
    /// The depths TAO builds.
    public static let depths = [19, 53]

    /// Builds the backbone, or throws a `ZooError` for a depth TAO does not define.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        guard depths.contains(options.layers) else {
            throw TemplateBuilder.unsupportedDepth("DarkNet", options.layers, depths)
        }
        let activation = options.activation ?? .leakyRelu(alpha: 0.1)
        var t = TemplateBuilder(options)
        func unit(_ x: String, _ filters: Int, _ kernel: Int, strides: Int = 1, _ name: String) -> String {
            t.convUnit(x, filters: filters, kernel: kernel, strides: strides, conv: name, bn: name + "_bn",
                       activation: activation, activationName: name + "_lrelu")
        }
        t.block(0)
        var x = unit(t.input, 32, 3, "conv1")
        t.tap(x, block: 0)
        let widths = [64, 128, 256, 512, 1024]
        if options.layers == 53 {
            for (i, residuals) in [1, 2, 8, 8, 4].enumerated() {
                let stage = i + 1, filters = widths[i]
                t.block(stage)
                x = unit(x, filters, 3, strides: 2, "conv\(stage + 1)")
                for k in 1...residuals {
                    let y = unit(unit(x, filters / 2, 1, "b\(stage)_conv\(k)_1"), filters, 3, "b\(stage)_conv\(k)_2")
                    x = t.graph.addition([x, y], name: "b\(stage)_add\(k)")
                }
                t.tap(x, block: stage)
            }
        } else {
            for (i, filters) in widths.enumerated() {
                let stage = i + 1
                x = t.graph.maxPool(x, Pool2D(kernel: Size2(2), strides: Size2(2), padding: .same), name: "maxpool_\(stage)")
                t.block(stage)
                // 3×3 at full width alternating with 1×1 at half width: 1, 3, 3, 5, 5 convolutions.
                for k in 0..<[1, 3, 3, 5, 5][i] {
                    x = k % 2 == 0 ? unit(x, filters, 3, "b\(stage)_conv\(k + 1)") : unit(x, filters / 2, 1, "b\(stage)_conv\(k + 1)")
                }
                t.tap(x, block: stage)
            }
        }
        return try t.finish(output: x)
    }
}
