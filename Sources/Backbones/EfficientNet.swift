import Engine

/// TAO's EfficientNet templates (`core/templates/efficientnet.py`, B0–B7): `stem_conv_pad` →
/// `stem_conv` → `stem_bn` → `stem_activation`; mobile inverted-residual blocks
/// `block<s><a,b,…>_` (`expand_conv`/`expand_bn`/`expand_activation` when expanding, `dwconv_pad`
/// before a strided `dwconv`, `bn`, `activation`, squeeze-excite `se_squeeze` → `se_reshape` →
/// `se_reduce` → `se_expand` → `se_excite`, `project_conv` → `project_bn`, and where the shape
/// allows `drop` (per-item drop-connect, rate rising to 0.2·blocks/16) → `add`); then `top_conv`
/// → `top_bn` → `top_activation`. Output stride 32. Batch norm is always on. Reads `useBias`,
/// `freezeBlocks` (0 stem, 1–7 the stages, 8 the top), `freezeBatchNorm`, `batchNorm`,
/// `activation` (default swish).
public enum EfficientNet {
    /// The scaled variants: width and depth coefficients.
    public enum Variant: Int, CaseIterable, Sendable {
        case b0, b1, b2, b3, b4, b5, b6, b7

        /// (width, depth) scaling of the B0 base network.
        var coefficients: (width: Double, depth: Double) {
            [(1.0, 1.0), (1.0, 1.1), (1.1, 1.2), (1.2, 1.4), (1.4, 1.8), (1.6, 2.2), (1.8, 2.6), (2.0, 3.1)][rawValue]
        }

        /// TAO's arch name, `efficientnet_b0` … `efficientnet_b7`.
        public var arch: String { "efficientnet_b\(rawValue)" }
    }

    /// One stage of B0: kernel, repeats, input and output filters, expansion, stride (every
    /// stage has squeeze-excite ratio 0.25 and identity skips).
    static let stages: [(kernel: Int, repeats: Int, filtersIn: Int, filtersOut: Int, expansion: Int, stride: Int)] = [
        (3, 1, 32, 16, 1, 1), (3, 2, 16, 24, 6, 2), (5, 2, 24, 40, 6, 2), (3, 3, 40, 80, 6, 2),
        (5, 3, 80, 112, 6, 1), (5, 4, 112, 192, 6, 2), (3, 1, 192, 320, 6, 1),
    ]

    /// Keras' EfficientNet convolution initializer: variance scaling 2.0 over fan-out.
    static let initializer = Initializer.varianceScaling(scale: 2, mode: .fanOut, distribution: .truncatedNormal)
    static let dropConnectRate = 0.2

    /// Builds the backbone.
    public static func build(_ options: BackboneOptions, variant: Variant) throws -> Backbone {
        var t = TemplateBuilder(options)
        let activation = options.activation ?? .swish
        let width = variant.coefficients.width
        t.block(0)
        var x = t.graph.zeroPad(t.input, correctPad(t.graph.shape(of: t.input), kernel: 3), name: "stem_conv_pad")
        x = t.conv(x, filters: roundFilters(32, width), kernel: 3, strides: 2, padding: .valid,
                   initializer: initializer, name: "stem_conv")
        x = t.graph.activation(t.batchNorm(x, name: "stem_bn"), activation, name: "stem_activation")
        t.tap(x, block: 0)
        let total = Double(stages.reduce(0) { $0 + $1.repeats })
        var built = 0
        for (i, stage) in stages.enumerated() {
            t.block(i + 1)
            let repeats = Int((variant.coefficients.depth * Double(stage.repeats)).rounded(.up))
            for j in 0..<repeats {
                let filtersIn = j == 0 ? roundFilters(stage.filtersIn, width) : roundFilters(stage.filtersOut, width)
                x = mobileBlock(&t, x, name: "block\(i + 1)\(ResNet.subblockID(j))_", filtersIn: filtersIn,
                                filtersOut: roundFilters(stage.filtersOut, width), kernel: stage.kernel,
                                stride: j == 0 ? stage.stride : 1, expansion: stage.expansion,
                                dropRate: Float(dropConnectRate * Double(built) / total), activation: activation)
                built += 1
            }
            t.tap(x, block: i + 1)
        }
        t.block(stages.count + 1)
        x = t.conv(x, filters: roundFilters(1280, width), kernel: 1, initializer: initializer, name: "top_conv")
        x = t.graph.activation(t.batchNorm(x, name: "top_bn"), activation, name: "top_activation")
        t.tap(x, block: stages.count + 1)
        return try t.finish(output: x)
    }

    /// TAO's `block`: a mobile inverted residual with squeeze-excite.
    static func mobileBlock(_ t: inout TemplateBuilder, _ input: String, name: String, filtersIn: Int, filtersOut: Int,
                            kernel: Int, stride: Int, expansion: Int, dropRate: Float, activation: Activation) -> String {
        let filters = filtersIn * expansion
        var x = input
        if expansion != 1 {
            x = t.conv(x, filters: filters, kernel: 1, initializer: initializer, name: name + "expand_conv")
            x = t.graph.activation(t.batchNorm(x, name: name + "expand_bn"), activation, name: name + "expand_activation")
        }
        var padding = Padding.same
        if stride == 2 {
            x = t.graph.zeroPad(x, correctPad(t.graph.shape(of: x), kernel: kernel), name: name + "dwconv_pad")
            padding = .valid
        }
        x = t.depthwise(x, kernel: kernel, strides: stride, padding: padding, initializer: initializer, name: name + "dwconv")
        x = t.graph.activation(t.batchNorm(x, name: name + "bn"), activation, name: name + "activation")

        var se = t.graph.globalAveragePool(x, name: name + "se_squeeze")
        se = t.graph.reshape(se, to: [-1, 1, 1], name: name + "se_reshape")
        se = t.conv(se, filters: max(1, Int(Double(filtersIn) * 0.25)), kernel: 1, useBias: true, activation: activation,
                    initializer: initializer, name: name + "se_reduce")
        se = t.conv(se, filters: filters, kernel: 1, useBias: true, activation: .sigmoid, initializer: initializer,
                    name: name + "se_expand")
        x = t.graph.multiply(x, se, name: name + "se_excite")

        x = t.conv(x, filters: filtersOut, kernel: 1, useBias: false, initializer: initializer, name: name + "project_conv")
        x = t.batchNorm(x, name: name + "project_bn")
        guard stride == 1 && filtersIn == filtersOut else { return x }
        if dropRate > 0 {
            x = t.graph.add(.dropout(Dropout(rate: dropRate, perItem: true)), inputs: [x], name: name + "drop")
        }
        return t.graph.addition([x, input], name: name + "add")
    }

    /// Keras' `round_filters`: `filters · width` to a multiple of 8, never more than 10% down.
    static func roundFilters(_ filters: Int, _ width: Double) -> Int {
        let scaled = Double(filters) * width
        var rounded = max(8, Int(scaled + 4) / 8 * 8)
        if Double(rounded) < 0.9 * scaled { rounded += 8 }
        return rounded
    }

    /// Keras' `correct_pad` before a strided `kernel`: one pixel less at the top/left when the
    /// size is even or unknown.
    static func correctPad(_ shape: [Int], kernel: Int) -> Pads {
        let half = kernel / 2
        let adjust = { (n: Int) in n < 0 ? 1 : 1 - n % 2 }
        let (h, w) = shape.count == 3 ? (shape[1], shape[2]) : (-1, -1)
        return Pads(top: half - adjust(h), left: half - adjust(w), bottom: half, right: half)
    }
}
