import Engine

/// TAO's AlexNet template (`core/templates/alexnet.py`) without its fully connected head:
/// `conv1` (11×11/4) → `pool1` → `conv2` (5×5) → `pool2` → `conv3` → `conv4` → `conv5`, every
/// convolution with a bias and a fused ReLU, no batch norm. Output stride 16. Reads only
/// `freezeBlocks` (1–5, one per convolution).
public enum AlexNet {
    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        var t = TemplateBuilder(options)
        let pool = Pool2D(kernel: Size2(3), strides: Size2(2), padding: .same)
        var x = t.input
        for (i, conv) in [(96, 11, 4), (256, 5, 1), (384, 3, 1), (384, 3, 1), (256, 3, 1)].enumerated() {
            let index = i + 1
            t.block(index)
            x = t.conv(x, filters: conv.0, kernel: conv.1, strides: conv.2, useBias: true, activation: .relu,
                       name: "conv\(index)")
            t.tap(x, block: index)
            if index <= 2 { x = t.graph.maxPool(x, pool, name: "pool\(index)") }
        }
        return try t.finish(output: x)
    }
}
