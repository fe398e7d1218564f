/// Max pooling; padded positions never win. Training keeps the argmax of every output.
final class MaxPoolLayer: Layer {
    let attributes: Pool2D
    private var argmax: [Int32] = []
    private var inputShape: [Int] = []

    init(_ attributes: Pool2D) { self.attributes = attributes }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let a = attributes
        let g = WindowGeometry(channels: c, height: h, width: w, kernel: a.kernel, strides: a.strides, dilations: Size2(1),
                               pads: a.padding.pads(input: Size2(h, w), kernel: a.kernel, strides: a.strides))
        let y = context.allocate([n, c, g.outH, g.outW])
        let training = context.training
        if training { argmax = [Int32](repeating: 0, count: y.count) } else { argmax = [] }
        let xp = x.pointer, yp = y.pointer
        let outPlane = g.outH &* g.outW
        argmax.withUnsafeMutableBufferPointer { idx in
            let ip = idx.baseAddress
            Parallel.forEach(n &* c, grain: max(1, 16_384 / max(outPlane, 1))) { planes in
                for plane in planes {
                    let src = xp + plane &* h &* w
                    let dst = yp + plane &* outPlane
                    for oy in 0..<g.outH {
                        let y0 = oy &* g.strideH &- g.padTop
                        let ys = Swift.max(y0, 0), ye = Swift.min(y0 &+ g.kernelH, h)
                        for ox in 0..<g.outW {
                            let x0 = ox &* g.strideW &- g.padLeft
                            let xs = Swift.max(x0, 0), xe = Swift.min(x0 &+ g.kernelW, w)
                            var best = -Float.infinity
                            var bestIndex = ys &* w &+ xs
                            for iy in ys..<ye {
                                let row = src + iy &* w
                                for ix in xs..<xe where row[ix] > best {
                                    best = row[ix]
                                    bestIndex = iy &* w &+ ix
                                }
                            }
                            let o = oy &* g.outW &+ ox
                            dst[o] = best
                            if training { ip![plane &* outPlane &+ o] = Int32(bestIndex) }
                        }
                    }
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let dx = context.zeros(inputShape)
        let planeIn = inputShape[2] &* inputShape[3]
        let planes = inputShape[0] &* inputShape[1]
        let outPlane = gradient.count / max(planes, 1)
        let dxp = dx.pointer, dyp = gradient.pointer
        argmax.withUnsafeBufferPointer { idx in
            let ip = idx.baseAddress!
            Parallel.forEach(planes, grain: max(1, 16_384 / max(outPlane, 1))) { range in
                for plane in range {
                    let dst = dxp + plane &* planeIn
                    let base = plane &* outPlane
                    for o in 0..<outPlane { dst[Int(ip[base &+ o])] += dyp[base &+ o] }
                }
            }
        }
        argmax = []
        return [dx]
    }
}

/// Average pooling; padded positions count in the divisor only when `countIncludesPadding`.
final class AveragePoolLayer: Layer {
    let attributes: Pool2D
    private var inputShape: [Int] = []

    init(_ attributes: Pool2D) { self.attributes = attributes }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    private func geometry(_ shape: [Int]) -> (WindowGeometry, Pads) {
        let a = attributes
        let pads = a.padding.pads(input: Size2(shape[2], shape[3]), kernel: a.kernel, strides: a.strides)
        return (WindowGeometry(channels: shape[1], height: shape[2], width: shape[3], kernel: a.kernel, strides: a.strides,
                               dilations: Size2(1), pads: pads), pads)
    }

    /// Visits each output position with its clipped window and divisor.
    @inline(__always)
    private func forEachWindow(_ g: WindowGeometry, _ pads: Pads, _ body: (Int, Range<Int>, Range<Int>, Float) -> Void) {
        for oy in 0..<g.outH {
            let y0 = oy &* g.strideH &- g.padTop
            let ys = Swift.max(y0, 0), ye = Swift.min(y0 &+ g.kernelH, g.height)
            for ox in 0..<g.outW {
                let x0 = ox &* g.strideW &- g.padLeft
                let xs = Swift.max(x0, 0), xe = Swift.min(x0 &+ g.kernelW, g.width)
                let count = attributes.countIncludesPadding
                    ? (Swift.min(y0 &+ g.kernelH, g.height &+ pads.bottom) - y0) * (Swift.min(x0 &+ g.kernelW, g.width &+ pads.right) - x0)
                    : (ye - ys) * (xe - xs)
                body(oy &* g.outW &+ ox, ys..<ye, xs..<xe, 1 / Float(Swift.max(count, 1)))
            }
        }
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (g, pads) = geometry(x.shape)
        let planes = x.shape[0] &* x.shape[1]
        let y = context.allocate([x.shape[0], x.shape[1], g.outH, g.outW])
        let xp = x.pointer, yp = y.pointer
        let planeIn = g.height &* g.width, planeOut = g.outH &* g.outW
        Parallel.forEach(planes, grain: max(1, 16_384 / max(planeOut, 1))) { range in
            for plane in range {
                let src = xp + plane &* planeIn, dst = yp + plane &* planeOut
                forEachWindow(g, pads) { o, rows, cols, scale in
                    var s: Float = 0
                    for iy in rows { for ix in cols { s += src[iy &* g.width &+ ix] } }
                    dst[o] = s * scale
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let (g, pads) = geometry(inputShape)
        let dx = context.zeros(inputShape)
        let planes = inputShape[0] &* inputShape[1]
        let dxp = dx.pointer, dyp = gradient.pointer
        let planeIn = g.height &* g.width, planeOut = g.outH &* g.outW
        Parallel.forEach(planes, grain: max(1, 16_384 / max(planeOut, 1))) { range in
            for plane in range {
                let dst = dxp + plane &* planeIn, src = dyp + plane &* planeOut
                forEachWindow(g, pads) { o, rows, cols, scale in
                    let v = src[o] * scale
                    for iy in rows { for ix in cols { dst[iy &* g.width &+ ix] += v } }
                }
            }
        }
        return [dx]
    }
}

/// Global average pooling to `[N, C]` or `[N, C, 1, 1]`.
final class GlobalAveragePoolLayer: Layer {
    let keepDims: Bool
    private var inputShape: [Int] = []

    init(keepDims: Bool) { self.keepDims = keepDims }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let y = context.allocate(keepDims ? [n, c, 1, 1] : [n, c])
        let xp = x.pointer, yp = y.pointer
        let area = h &* w
        let scale = 1 / Float(Swift.max(area, 1))
        Parallel.forEach(n &* c, grain: max(1, 65_536 / max(area, 1))) { planes in
            for plane in planes {
                let src = xp + plane &* area
                var s: Float = 0
                for i in 0..<area { s += src[i] }
                yp[plane] = s * scale
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let dx = context.allocate(inputShape)
        let area = inputShape[2] &* inputShape[3]
        let scale = 1 / Float(Swift.max(area, 1))
        let dxp = dx.pointer, dyp = gradient.pointer
        Parallel.forEach(inputShape[0] &* inputShape[1], grain: max(1, 65_536 / max(area, 1))) { planes in
            for plane in planes {
                (dxp + plane &* area).update(repeating: dyp[plane] * scale, count: area)
            }
        }
        return [dx]
    }
}
