import Engine

/// TAO's CSPDarkNet template (`core/templates/cspdarknet.py`). Every convolution is TAO's
/// `_mish_conv`: `<name>` → `<name>_bn` → `<name>_mish` (the name keeps `_mish` whatever the
/// activation). Each stage splits into a shortcut path and a dense path that are concatenated
/// (`b<n>_concat`) and fused by `b<n>_final_trans`. CSPDarkNet-53 stages: strided `conv<n+1>`,
/// `conv<n+1>_1` (shortcut), `conv<n+1>_2`, residual pairs `b<n>_conv<k>_1/_2` + `b<n>_add<k>`,
/// `b<n>_partial_trans`. CSPDarkNet-19 stages: `maxpool_<n>`, `b<n>_conv1`, `b<n>_part1`
/// (shortcut), `b<n>_part2`, `b<n>_conv2…`, `b<n>_partial_trans`. Output stride 32. Reads
/// `layers` (19, 53), `useBatchNorm`, `useBias`, `freezeBlocks` (0 stem, 1–5 the stages),
/// `freezeBatchNorm`, `batchNorm`, `activation` (default LeakyReLU(0.1)).
public enum CSPDarkNet {
    /// The depths TAO builds.
    public static let depths = [19, 53]

    /// Builds the backbone, or throws a `ZooError` for a depth TAO does not define.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        guard depths.contains(options.layers) else {
            throw TemplateBuilder.unsupportedDepth("CSPDarkNet", options.layers, depths)
        }
        var t = TemplateBuilder(options)
        t.block(0)
        var x = t.mishConv(t.input, 32, 3, 1, "conv1")
        t.tap(x, block: 0)
        let widths = [64, 128, 256, 512, 1024]
        for (i, filters) in widths.enumerated() {
            let stage = i + 1
            let half = stage == 1 && options.layers == 53 ? filters : filters / 2
            let b = "b\(stage)_"
            var z: String?
            if options.layers == 53 {
                t.block(stage)
                x = t.mishConv(x, filters, 3, 2, "conv\(stage + 1)")
                z = t.mishConv(x, half, 1, 1, "conv\(stage + 1)_1")
                x = t.mishConv(x, half, 1, 1, "conv\(stage + 1)_2")
                for k in 1...[1, 2, 8, 8, 4][i] {
                    let reduced = t.mishConv(x, stage == 1 ? half / 2 : half, 1, 1, "\(b)conv\(k)_1")
                    let y = t.mishConv(reduced, half, 3, 1, "\(b)conv\(k)_2")
                    x = t.graph.addition([x, y], name: "\(b)add\(k)")
                }
            } else {
                x = t.graph.maxPool(x, Pool2D(kernel: Size2(2), strides: Size2(2), padding: .same), name: "maxpool_\(stage)")
                t.block(stage)
                x = t.mishConv(x, filters, 3, 1, "\(b)conv1")
                if stage > 1 {
                    z = t.mishConv(x, half, 1, 1, "\(b)part1")
                    x = t.mishConv(x, half, 1, 1, "\(b)part2")
                    // 1×1 and 3×3 pairs at half width: one pair in stages 2–3, two in 4–5.
                    for k in 0..<(stage < 4 ? 2 : 4) {
                        x = t.mishConv(x, half, k % 2 == 0 ? 1 : 3, 1, "\(b)conv\(k + 2)")
                    }
                }
            }
            if let z {
                x = t.mishConv(x, half, 1, 1, "\(b)partial_trans")
                x = t.graph.concat([x, z], name: "\(b)concat")
                x = t.mishConv(x, filters, 1, 1, "\(b)final_trans")
            }
            t.tap(x, block: stage)
        }
        return try t.finish(output: x)
    }
}

extension TemplateBuilder {
    /// TAO's `_mish_conv` (CSPDarkNet, CSPDarkNet-tiny): `name` → `name_bn` → `name_mish`, with
    /// the options' activation (default LeakyReLU(0.1), TAO's choice for anything but mish/relu).
    mutating func mishConv(_ x: String, _ filters: Int, _ kernel: Int, _ strides: Int, _ name: String) -> String {
        convUnit(x, filters: filters, kernel: kernel, strides: strides, conv: name, bn: name + "_bn",
                 activation: options.activation ?? .leakyRelu(alpha: 0.1), activationName: name + "_mish")
    }
}
