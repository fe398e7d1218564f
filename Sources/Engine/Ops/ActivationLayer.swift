/// A stand-alone activation node; runs in place when its input is not needed elsewhere.
final class ActivationLayer: Layer {
    let activation: Activation

    init(_ activation: Activation) { self.activation = activation }

    var needsInputs: Bool { !activation.derivativeFromOutput }
    var needsOutput: Bool { activation.derivativeFromOutput }

    private static func layout(_ shape: [Int]) -> (channels: Int, inner: Int) {
        (shape.count > 1 ? shape[1] : 1, shape.dropFirst(2).reduce(1, *))
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0].pointer
        let (channels, inner) = ActivationLayer.layout(inputs[0].shape)
        var y = inPlaceOutput(&inputs, context)
        activation.forward(x, y.mutablePointer(), count: y.count, channels: channels, inner: inner)
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let (channels, inner) = ActivationLayer.layout(gradient.shape)
        let x = inputs.first?.pointer
        // For activations whose derivative needs the input, `output` is not kept; `y` is unused then.
        let y = activation.derivativeFromOutput ? output.pointer : x!
        activation.backward(gradient.mutablePointer(), y: y, x: x, count: gradient.count, channels: channels, inner: inner)
        return [gradient]
    }
}
