import Engine

/// TAO's MobileNet template (`core/templates/mobilenet.py`, width 1, depth multiplier 1,
/// stride 32): `conv1_pad` → `conv1` → `conv1_bn` → `conv_block_relu`, then 13 depthwise-
/// separable blocks `conv_pad_<k>` → `conv_dw_<k>` → `conv_dw_<k>_bn` → `conv_dw_<k>_relu` →
/// `conv_pw_<k>` → `conv_pw_<k>_bn` → `conv_pw_relu_<k>` (`relu6` in the names with ReLU6).
/// Explicit 1-pixel zero padding before each 3×3, as TAO does for TensorRT. Reads
/// `useBatchNorm`, `useBias`, `freezeBlocks` (0 stem, 1–13), `freezeBatchNorm`, `batchNorm` and
/// `activation` (ReLU6 or, for anything else, ReLU, as the template allows).
public enum MobileNetV1 {
    /// Pointwise filters and stride of blocks 1–13.
    static let blocks: [(filters: Int, stride: Int)] = [
        (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
        (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
    ]

    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        let activation: Activation = options.activation == .relu6 ? .relu6 : .relu
        let act = activation.description
        var t = TemplateBuilder(options)
        t.block(0)
        var x = t.graph.zeroPad(t.input, Pads(1), name: "conv1_pad")
        x = t.convUnit(x, filters: 32, kernel: 3, strides: 2, padding: .valid, conv: "conv1", bn: "conv1_bn",
                       activation: activation, activationName: "conv_block_\(act)")
        t.tap(x, block: 0)
        for (i, block) in blocks.enumerated() {
            let id = i + 1
            t.block(id)
            x = t.graph.zeroPad(x, Pads(1), name: "conv_pad_\(id)")
            x = t.depthwise(x, kernel: 3, strides: block.stride, padding: .valid, name: "conv_dw_\(id)")
            x = t.graph.activation(t.optionalBatchNorm(x, name: "conv_dw_\(id)_bn"), activation, name: "conv_dw_\(id)_\(act)")
            x = t.convUnit(x, filters: block.filters, kernel: 1, padding: .valid, conv: "conv_pw_\(id)",
                           bn: "conv_pw_\(id)_bn", activation: activation, activationName: "conv_pw_\(act)_\(id)")
            t.tap(x, block: id)
        }
        return try t.finish(output: x)
    }
}
