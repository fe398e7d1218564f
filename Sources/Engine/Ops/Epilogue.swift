/// The bias-and-activation tail shared by convolution and dense layers: forward adds the bias
/// per channel and applies the fused activation; backward undoes both.
struct Epilogue {
    var activation: Activation?
    /// The pre-activation output, kept in training when the activation's derivative needs it.
    var preActivation: Tensor?

    /// Whether backward needs the layer's output.
    var needsOutput: Bool { activation.map { $0.derivativeFromOutput } ?? false }

    /// Adds `bias` over `[outer, channels, inner]` and applies the activation, in place on `y`.
    mutating func forward(_ y: inout Tensor, bias: UnsafePointer<Float>?, channels: Int, inner: Int, _ context: LayerContext) {
        let p = y.pointer
        let outer = y.count / max(channels &* inner, 1)
        if let bias {
            Parallel.forEach(outer &* channels, grain: max(1, 32_768 / max(inner, 1))) { planes in
                for plane in planes {
                    let b = bias[plane % channels]
                    let row = p + plane &* inner
                    for i in 0..<inner { row[i] += b }
                }
            }
        }
        guard let activation else { return }
        if context.training && !activation.derivativeFromOutput {
            let copy = context.allocate(y.shape)
            copy.pointer.update(from: p, count: y.count)
            preActivation = copy
        } else {
            preActivation = nil
        }
        activation.forward(p, p, count: y.count, channels: channels, inner: inner)
    }

    /// Turns dL/dOutput into dL/dPreActivation in place and accumulates the bias gradient.
    mutating func backward(_ dy: inout Tensor, output: Tensor, bias: Parameter?, channels: Int, inner: Int) {
        if let activation {
            activation.backward(dy.mutablePointer(), y: output.pointer, x: preActivation?.pointer,
                                count: dy.count, channels: channels, inner: inner)
            preActivation = nil
        }
        guard let bias, bias.isTrainable else { return }
        let g = dy.pointer
        let outer = dy.count / max(channels &* inner, 1)
        let db = bias.gradient.mutablePointer()
        Parallel.forEach(channels, grain: max(1, 32_768 / max(inner &* outer, 1))) { cs in
            for c in cs {
                var total: Float = 0
                for o in 0..<outer {
                    let row = g + (o &* channels &+ c) &* inner
                    var s: Float = 0
                    for i in 0..<inner { s += row[i] }
                    total += s
                }
                db[c] += total
            }
        }
    }
}
