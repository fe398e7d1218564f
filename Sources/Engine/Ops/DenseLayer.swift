/// A fully connected layer `y = x·Wᵀ + b` on `[N, F]` inputs, with a fused activation.
final class DenseLayer: Layer {
    let attributes: Dense
    let kernel: Parameter
    let bias: Parameter?
    private var epilogue: Epilogue
    private var inputShape: [Int] = []

    init(_ attributes: Dense, kernel: Parameter, bias: Parameter?) {
        self.attributes = attributes
        self.kernel = kernel
        self.bias = bias
        epilogue = Epilogue(activation: attributes.activation)
    }

    var needsInputs: Bool { kernel.isTrainable }
    var needsOutput: Bool { epilogue.needsOutput }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let n = x.shape[0], features = x.shape[1], units = attributes.units
        var y = context.allocate([n, units])
        BLAS.gemm(transB: true, m: n, n: units, k: features, a: x.pointer, lda: features,
                  b: kernel.value.pointer, ldb: features, c: y.pointer, ldc: units)
        epilogue.forward(&y, bias: bias?.value.pointer, channels: units, inner: 1, context)
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let n = inputShape[0], features = inputShape[1], units = attributes.units
        epilogue.backward(&gradient, output: output, bias: bias, channels: units, inner: 1)
        if kernel.isTrainable {
            // dW += dYᵀ · X
            BLAS.gemm(transA: true, m: units, n: features, k: n, a: gradient.pointer, lda: units,
                      b: inputs[0].pointer, ldb: features, beta: 1, c: kernel.gradient.mutablePointer(), ldc: features)
        }
        guard needsInputGradient.first == true else { return [nil] }
        let dx = context.allocate(inputShape)
        BLAS.gemm(m: n, n: features, k: units, a: gradient.pointer, lda: units, b: kernel.value.pointer, ldb: features,
                  c: dx.pointer, ldc: features)
        return [dx]
    }
}
