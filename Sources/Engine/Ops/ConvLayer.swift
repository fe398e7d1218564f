/// 2-D convolution (also grouped and depthwise) as im2col + `cblas_sgemm`; a 1×1, stride-1,
/// unpadded convolution is a plain GEMM on the input. Forward and backward side by side.
final class ConvLayer: Layer {
    let attributes: Conv2D
    let kernel: Parameter
    let bias: Parameter?
    private var epilogue: Epilogue
    private var inputShape: [Int] = []
    /// Batch-norm-folded kernel and bias used at inference instead of the parameters.
    var folded: (kernel: Tensor, bias: Tensor)?

    init(_ attributes: Conv2D, kernel: Parameter, bias: Parameter?) {
        self.attributes = attributes
        self.kernel = kernel
        self.bias = bias
        epilogue = Epilogue(activation: attributes.activation)
    }

    var needsInputs: Bool { kernel.isTrainable }
    var needsOutput: Bool { epilogue.needsOutput }

    /// Whether the convolution is a plain GEMM on the input.
    private var pointwise: Bool {
        let a = attributes
        return a.kernel == Size2(1) && a.strides == Size2(1) && a.groups == 1
            && a.padding.pads(input: Size2(1), kernel: a.kernel, strides: a.strides) == .zero
    }

    private func geometry(_ x: [Int]) -> WindowGeometry {
        let a = attributes
        let size = Size2(x[2], x[3])
        return WindowGeometry(channels: x[1] / a.groups, height: x[2], width: x[3], kernel: a.kernel, strides: a.strides,
                              dilations: a.dilations,
                              pads: a.padding.pads(input: size, kernel: a.kernel, strides: a.strides, dilations: a.dilations))
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let groups = attributes.groups, filters = attributes.filters
        let g = geometry(x.shape)
        let columns = g.colColumns, k = g.colRows
        let groupFilters = filters / groups
        var y = context.allocate([n, filters, g.outH, g.outW])
        let folded = context.training ? nil : self.folded
        let weights = folded?.kernel ?? kernel.value
        let wp = weights.pointer, xp = x.pointer, yp = y.pointer
        let direct = pointwise
        let col: Tensor? = direct ? nil : context.allocate([k, columns])
        for item in 0..<n {
            for group in 0..<groups {
                let xg = xp + (item &* c &+ group &* g.channels) &* h &* w
                let yg = yp + (item &* filters &+ group &* groupFilters) &* columns
                let wg = wp + group &* groupFilters &* k
                if direct {
                    BLAS.gemm(m: groupFilters, n: columns, k: k, a: wg, lda: k, b: xg, ldb: columns, c: yg, ldc: columns)
                } else {
                    Im2col.unfold(xg, g, into: col!.pointer)
                    BLAS.gemm(m: groupFilters, n: columns, k: k, a: wg, lda: k, b: col!.pointer, ldb: columns,
                              c: yg, ldc: columns)
                }
            }
        }
        let biasValues = folded?.bias ?? bias?.value
        epilogue.forward(&y, bias: biasValues?.pointer, channels: filters, inner: columns, context)
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let shape = inputShape
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let groups = attributes.groups, filters = attributes.filters
        let g = geometry(shape)
        let columns = g.colColumns, k = g.colRows
        let groupFilters = filters / groups
        epilogue.backward(&gradient, output: output, bias: bias, channels: filters, inner: columns)

        let trainKernel = kernel.isTrainable
        let needDX = needsInputGradient.first ?? false
        guard trainKernel || needDX else { return [nil] }
        let dyp = gradient.pointer
        let wp = kernel.value.pointer
        let direct = pointwise
        let dwp = trainKernel ? kernel.gradient.mutablePointer() : nil
        let xp = trainKernel ? inputs[0].pointer : nil
        let dx: Tensor? = needDX ? (direct ? context.allocate(shape) : context.zeros(shape)) : nil
        let dxp = dx?.pointer
        let col: Tensor? = direct ? nil : context.allocate([k, columns])
        for item in 0..<n {
            for group in 0..<groups {
                let offset = (item &* c &+ group &* g.channels) &* h &* w
                let dyg = dyp + (item &* filters &+ group &* groupFilters) &* columns
                let wg = wp + group &* groupFilters &* k
                if let dwp, let xp {
                    let source: UnsafePointer<Float>
                    if direct { source = UnsafePointer(xp + offset) } else {
                        Im2col.unfold(xp + offset, g, into: col!.pointer)
                        source = UnsafePointer(col!.pointer)
                    }
                    // dW_g += dY_g · colᵀ
                    BLAS.gemm(transB: true, m: groupFilters, n: k, k: columns, a: dyg, lda: columns, b: source, ldb: columns,
                              beta: 1, c: dwp + group &* groupFilters &* k, ldc: k)
                }
                if let dxp {
                    if direct {
                        BLAS.gemm(transA: true, m: k, n: columns, k: groupFilters, a: wg, lda: k, b: dyg, ldb: columns,
                                  c: dxp + offset, ldc: columns)
                    } else {
                        // dcol = W_gᵀ · dY_g, folded back onto dX.
                        BLAS.gemm(transA: true, m: k, n: columns, k: groupFilters, a: wg, lda: k, b: dyg, ldb: columns,
                                  c: col!.pointer, ldc: columns)
                        Im2col.fold(col!.pointer, g, into: dxp + offset)
                    }
                }
            }
        }
        return [dx]
    }
}
