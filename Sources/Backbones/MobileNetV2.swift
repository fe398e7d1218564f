import Engine

/// TAO's MobileNetV2 template (`core/templates/mobilenet.py`, width 1, stride 32): `conv1_pad`
/// → `conv1` → `bn_conv1` → `re_lu_0`; 17 inverted-residual blocks (`expanded_conv_…`, then
/// `block_<k>_expand` → `…_expand_bn` → `re_lu_<k+1>` → `…_depthwise_pad` → `…_depthwise` →
/// `…_depthwise_bn` → `…_relu` → `…_project` → `…_project_bn`, with `…_add` where the shape
/// allows a residual, through a 1×1 `…_projected_inputs` with `allProjections`); then `conv_1`
/// → `conv_1_bn` → `re_lu_head`. Batch norms default to momentum 0.999. Reads `useBatchNorm`,
/// `useBias`, `allProjections`, `freezeBlocks` (0 stem, 1–17 the blocks, 18 `conv_1`),
/// `freezeBatchNorm`, `batchNorm`, `activation` (ReLU6 or ReLU).
public enum MobileNetV2 {
    /// Output filters, stride and expansion of blocks 0–16.
    static let blocks: [(filters: Int, stride: Int, expansion: Int)] = [
        (16, 1, 1), (24, 2, 6), (24, 1, 6), (32, 2, 6), (32, 1, 6), (32, 1, 6), (64, 2, 6), (64, 1, 6), (64, 1, 6),
        (64, 1, 6), (96, 1, 6), (96, 1, 6), (96, 1, 6), (160, 2, 6), (160, 1, 6), (160, 1, 6), (320, 1, 6),
    ]

    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        let activation: Activation = options.activation == .relu6 ? .relu6 : .relu
        var t = TemplateBuilder(options, batchNorm: BatchNorm(epsilon: 1e-3, momentum: 0.999))
        t.block(0)
        var x = t.graph.zeroPad(t.input, Pads(1), name: "conv1_pad")
        x = t.convUnit(x, filters: 32, kernel: 3, strides: 2, padding: .valid, conv: "conv1", bn: "bn_conv1",
                       activation: activation, activationName: "re_lu_0")
        t.tap(x, block: 0)
        for (id, block) in blocks.enumerated() {
            t.block(id + 1)
            x = invertedResidual(&t, x, id: id, block: block, activation: activation)
            t.tap(x, block: id + 1)
        }
        t.block(blocks.count + 1)
        x = t.convUnit(x, filters: 1280, kernel: 1, padding: .valid, conv: "conv_1", bn: "conv_1_bn", activation: activation,
                       activationName: "re_lu_head")
        t.tap(x, block: blocks.count + 1)
        return try t.finish(output: x)
    }

    /// TAO's `_inverted_res_block`: 1×1 expansion (not in block 0), padded 3×3 depthwise, 1×1
    /// linear projection, and the residual add when channels and size are unchanged.
    static func invertedResidual(_ t: inout TemplateBuilder, _ input: String, id: Int,
                                 block: (filters: Int, stride: Int, expansion: Int), activation: Activation) -> String {
        let inChannels = t.graph.channels(of: input)
        let prefix = id == 0 ? "expanded_conv_" : "block_\(id)_"
        var x = input
        if id > 0 {
            x = t.convUnit(x, filters: block.expansion * inChannels, kernel: 1, padding: .valid, conv: prefix + "expand",
                           bn: prefix + "expand_bn", activation: activation, activationName: "re_lu_\(id + 1)")
        }
        x = t.graph.zeroPad(x, Pads(1), name: prefix + "depthwise_pad")
        x = t.depthwise(x, kernel: 3, strides: block.stride, padding: .valid, name: prefix + "depthwise")
        x = t.graph.activation(t.optionalBatchNorm(x, name: prefix + "depthwise_bn"), activation,
                               name: prefix + activation.description)
        x = t.conv(x, filters: block.filters, kernel: 1, padding: .valid, name: prefix + "project")
        x = t.optionalBatchNorm(x, name: prefix + "project_bn")
        guard inChannels == block.filters && block.stride == 1 else { return x }
        if t.options.allProjections {
            let projected = t.conv(input, filters: inChannels, kernel: 1, padding: .valid, useBias: false,
                                   name: prefix + "projected_inputs")
            return t.graph.addition([projected, x], name: prefix + "add")
        }
        return t.graph.addition([input, x], name: prefix + "add")
    }
}
