/// Depthwise convolution (each input channel convolved with its own `multiplier` filters) as a
/// direct loop: one small kernel per plane is far cheaper than a GEMM per channel. Kernel layout
/// `[channels · multiplier, 1, kh, kw]`, as a grouped convolution with `groups = channels`.
final class DepthwiseConvLayer: Layer, ConvolutionLayer {
    let attributes: Conv2D
    let kernel: Parameter
    let bias: Parameter?
    private var epilogue: Epilogue
    private var inputShape: [Int] = []
    var folded: (kernel: Tensor, bias: Tensor)?

    /// `attributes` must have `groups` equal to the input channels.
    init(_ attributes: Conv2D, kernel: Parameter, bias: Parameter?) {
        self.attributes = attributes
        self.kernel = kernel
        self.bias = bias
        epilogue = Epilogue(activation: attributes.activation)
    }

    var needsInputs: Bool { kernel.isTrainable }
    var needsOutput: Bool { epilogue.needsOutput }

    private func geometry(_ shape: [Int]) -> WindowGeometry {
        let a = attributes
        let size = Size2(shape[2], shape[3])
        return WindowGeometry(channels: 1, height: shape[2], width: shape[3], kernel: a.kernel, strides: a.strides,
                              dilations: a.dilations,
                              pads: a.padding.pads(input: size, kernel: a.kernel, strides: a.strides, dilations: a.dilations))
    }

    /// Calls `body(oy, ox range, iy, input column offset, kernel index)` for every in-bounds tap.
    @inline(__always)
    private static func forEachTap(_ g: WindowGeometry, _ body: (Int, Range<Int>, Int, Int, Int) -> Void) {
        for i in 0..<g.kernelH {
            for j in 0..<g.kernelW {
                let valid = g.validColumns(kernelColumn: j)
                if valid.isEmpty { continue }
                let columnOffset = j &* g.dilationW &- g.padLeft
                for oy in 0..<g.outH {
                    let iy = oy &* g.strideH &- g.padTop &+ i &* g.dilationH
                    if iy < 0 || iy >= g.height { continue }
                    body(oy, valid, iy, columnOffset, i &* g.kernelW &+ j)
                }
            }
        }
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let g = geometry(x.shape)
        let filters = attributes.filters, multiplier = filters / c
        var y = context.zeros([n, filters, g.outH, g.outW])
        let folded = context.training ? nil : self.folded
        let wp = (folded?.kernel ?? kernel.value).pointer
        let xp = x.pointer, yp = y.pointer
        let area = g.kernelH &* g.kernelW, outPlane = g.outH &* g.outW
        let s = g.strideW
        Parallel.forEach(n &* filters, grain: max(1, 8192 / max(outPlane &* area, 1))) { planes in
            for plane in planes {
                let item = plane / filters, f = plane % filters
                let src = xp + (item &* c &+ f / multiplier) &* h &* w
                let dst = yp + plane &* outPlane
                let weights = wp + f &* area
                DepthwiseConvLayer.forEachTap(g) { oy, valid, iy, offset, k in
                    let wk = weights[k]
                    let row = src + (iy &* w &+ offset), out = dst + oy &* g.outW
                    for ox in valid { out[ox] += wk * row[ox &* s] }
                }
            }
        }
        let biasValues = folded?.bias ?? bias?.value
        epilogue.forward(&y, bias: biasValues?.pointer, channels: filters, inner: outPlane, context)
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let g = geometry(inputShape)
        let filters = attributes.filters, multiplier = filters / c
        let area = g.kernelH &* g.kernelW, outPlane = g.outH &* g.outW
        epilogue.backward(&gradient, output: output, bias: bias, channels: filters, inner: outPlane)
        let dyp = gradient.pointer, wp = kernel.value.pointer
        let s = g.strideW
        if kernel.isTrainable {
            let xp = inputs[0].pointer
            let dwp = kernel.gradient.mutablePointer()
            Parallel.forEach(filters, grain: max(1, 8192 / max(n &* outPlane &* area, 1))) { range in
                for f in range {
                    let weights = dwp + f &* area
                    for item in 0..<n {
                        let src = xp + (item &* c &+ f / multiplier) &* h &* w
                        let grad = dyp + (item &* filters &+ f) &* outPlane
                        DepthwiseConvLayer.forEachTap(g) { oy, valid, iy, offset, k in
                            let row = src + (iy &* w &+ offset), dy = grad + oy &* g.outW
                            var total: Float = 0
                            if s == 1 {
                                total = Reductions.dot(row + valid.lowerBound, dy + valid.lowerBound, valid.count)
                            } else {
                                for ox in valid { total += dy[ox] * row[ox &* s] }
                            }
                            weights[k] += total
                        }
                    }
                }
            }
        }
        guard needsInputGradient.first == true else { return [nil] }
        let dx = context.zeros(inputShape)
        let dxp = dx.pointer
        Parallel.forEach(n &* c, grain: max(1, 8192 / max(outPlane &* area &* multiplier, 1))) { planes in
            for plane in planes {
                let item = plane / c, channel = plane % c
                let dst = dxp + plane &* h &* w
                for k in 0..<multiplier {
                    let f = channel &* multiplier &+ k
                    let weights = wp + f &* area
                    let grad = dyp + (item &* filters &+ f) &* outPlane
                    DepthwiseConvLayer.forEachTap(g) { oy, valid, iy, offset, tap in
                        let wk = weights[tap]
                        let row = dst + (iy &* w &+ offset), dy = grad + oy &* g.outW
                        for ox in valid { row[ox &* s] += wk * dy[ox] }
                    }
                }
            }
        }
        return [dx]
    }
}

/// A convolution whose kernel and bias inference can replace with batch-norm-folded ones.
protocol ConvolutionLayer: AnyObject {
    var attributes: Conv2D { get }
    var kernel: Parameter { get }
    var bias: Parameter? { get }
    var folded: (kernel: Tensor, bias: Tensor)? { get set }
}
