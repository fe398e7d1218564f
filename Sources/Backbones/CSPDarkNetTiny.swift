import Engine

/// TAO's CSPDarkNet-tiny template (`core/templates/cspdarknet_tiny.py`, YOLOv4-tiny's
/// backbone): `conv_0` and `conv_1` (strided), three CSP-tiny blocks `conv_2`…`conv_4`, then
/// `conv_5`; every convolution is `_mish_conv` (`<name>`, `<name>_bn`, `<name>_mish`). A block
/// `<b>`: `<b>_conv_0` → `<b>_split_0` (second half of the channels) → `<b>_conv_1` →
/// `<b>_conv_2` → `<b>_concat_0` → `<b>_conv_3` → `<b>_concat_1` (with `<b>_conv_0`) →
/// `<b>_pool_0`. Output stride 32. Reads `useBatchNorm`, `useBias`, `freezeBlocks` (0–5 in
/// that order), `freezeBatchNorm`, `batchNorm`, `activation` (default LeakyReLU(0.1)).
public enum CSPDarkNetTiny {
    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        var t = TemplateBuilder(options)
        t.block(0)
        var x = t.mishConv(t.input, 32, 3, 2, "conv_0")
        t.tap(x, block: 0)
        t.block(1)
        x = t.mishConv(x, 64, 3, 2, "conv_1")
        t.tap(x, block: 1)
        for (i, filters) in [64, 128, 256].enumerated() {
            t.block(i + 2)
            x = cspTinyBlock(&t, x, filters: filters, name: "conv_\(i + 2)")
            t.tap(x, block: i + 2)
        }
        t.block(5)
        x = t.mishConv(x, 512, 3, 1, "conv_5")
        t.tap(x, block: 5)
        return try t.finish(output: x)
    }

    /// TAO's `csp_tiny_block`.
    static func cspTinyBlock(_ t: inout TemplateBuilder, _ input: String, filters: Int, name: String) -> String {
        let route = t.mishConv(input, filters, 3, 1, name + "_conv_0")
        let split = t.graph.split(route, groups: 2, index: 1, name: name + "_split_0")
        let route1 = t.mishConv(split, filters / 2, 3, 1, name + "_conv_1")
        var x = t.mishConv(route1, filters / 2, 3, 1, name + "_conv_2")
        x = t.graph.concat([x, route1], name: name + "_concat_0")
        x = t.mishConv(x, filters, 1, 1, name + "_conv_3")
        x = t.graph.concat([route, x], name: name + "_concat_1")
        return t.graph.maxPool(x, Pool2D(kernel: Size2(2)), name: name + "_pool_0")
    }
}
