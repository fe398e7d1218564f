import Engine

/// TAO's `CNNBlock` (`core/templates/utils.py`), the block ResNet and VGG are made of.
extension TemplateBuilder {
    /// One convolution of a block: kernel size and filters.
    typealias Subblock = (kernel: Int, filters: Int)

    /// `repeats` units named `block_<index><a, b, …>_`. Each unit stacks `subblocks` as
    /// `conv_<i>` → `bn_<i>` with the activation `<act>_<i>` after all but the last; with
    /// `shortcuts` it adds the unit's input (through a 1×1 `conv_shortcut` → `bn_shortcut`
    /// projection when `allProjections` or in the first unit, where the size changes); then the
    /// activation `<act>`. Only the first unit strides.
    mutating func cnnBlock(_ input: String, index: Int, repeats: Int, stride: Int, subblocks: [Subblock],
                           shortcuts: Bool) -> String {
        let activation = options.activation ?? .relu
        let act = activation.description
        var x = input
        for unit in 0..<repeats {
            let prefix = "block_\(index)\(ResNet.subblockID(unit))_"
            let unitStride = unit == 0 ? stride : 1
            let unitInput = x
            for (i, sub) in subblocks.enumerated() {
                x = conv(x, filters: sub.filters, kernel: sub.kernel, strides: i == 0 ? unitStride : 1,
                         name: "\(prefix)conv_\(i + 1)")
                x = optionalBatchNorm(x, name: "\(prefix)bn_\(i + 1)")
                if i != subblocks.count - 1 { x = graph.activation(x, activation, name: "\(prefix)\(act)_\(i + 1)") }
            }
            if shortcuts {
                var shortcut = unitInput
                if options.allProjections || unit == 0 {
                    shortcut = conv(unitInput, filters: subblocks[subblocks.count - 1].filters, kernel: 1,
                                    strides: unitStride, padding: .valid, name: "\(prefix)conv_shortcut")
                    shortcut = optionalBatchNorm(shortcut, name: "\(prefix)bn_shortcut")
                }
                x = graph.addition([x, shortcut])
            }
            x = graph.activation(x, activation, name: "\(prefix)\(act)")
        }
        return x
    }
}
