import Engine

/// TAO's SqueezeNet template (`core/templates/squeezenet.py`, no skips) without its head:
/// `conv1` (7×7/2) → `conv1_relu` → `pool1`, fire modules `fire2` … `fire9` with `pool4` and
/// `pool8` between them. A fire module `fire<k>`: `fire<k>_squeeze_conv` → `fire<k>_squeeze`,
/// then `fire<k>_expand_conv1x1` → `fire<k>_expand_1x1` and `fire<k>_expand_conv3x3` →
/// `fire<k>_expand_3x3`, concatenated as `fire<k>`. Convolutions have biases, no batch norm,
/// ReLU. Output stride 16. Reads only `freezeBlocks` (0 `conv1`, 1–8 `fire2`–`fire9`).
public enum SqueezeNet {
    /// Squeeze and expand filters of fire modules 2–9.
    static let fires: [(squeeze: Int, expand: Int)] = [
        (16, 64), (16, 64), (32, 128), (32, 128), (48, 192), (48, 192), (64, 256), (64, 256),
    ]

    /// Builds the backbone.
    public static func build(_ options: BackboneOptions) throws -> Backbone {
        var t = TemplateBuilder(options)
        let pool = Pool2D(kernel: Size2(3), strides: Size2(2), padding: .same)
        t.block(0)
        var x = t.conv(t.input, filters: 96, kernel: 7, strides: 2, useBias: true, name: "conv1")
        x = t.graph.activation(x, .relu, name: "conv1_relu")
        t.tap(x, block: 0)
        x = t.graph.maxPool(x, pool, name: "pool1")
        for (i, fire) in fires.enumerated() {
            let id = i + 2
            if id == 5 || id == 9 { x = t.graph.maxPool(x, pool, name: "pool\(id - 1)") }
            t.block(i + 1)
            x = fireModule(&t, x, id: id, squeeze: fire.squeeze, expand: fire.expand)
            t.tap(x, block: i + 1)
        }
        return try t.finish(output: x)
    }

    /// TAO's `fire_module`.
    static func fireModule(_ t: inout TemplateBuilder, _ x: String, id: Int, squeeze: Int, expand: Int) -> String {
        let f = "fire\(id)"
        var s = t.conv(x, filters: squeeze, kernel: 1, useBias: true, name: f + "_squeeze_conv")
        s = t.graph.activation(s, .relu, name: f + "_squeeze")
        var e1 = t.conv(s, filters: expand, kernel: 1, useBias: true, name: f + "_expand_conv1x1")
        e1 = t.graph.activation(e1, .relu, name: f + "_expand_1x1")
        var e3 = t.conv(s, filters: expand, kernel: 3, useBias: true, name: f + "_expand_conv3x3")
        e3 = t.graph.activation(e3, .relu, name: f + "_expand_3x3")
        return t.graph.concat([e1, e3], name: f)
    }
}
