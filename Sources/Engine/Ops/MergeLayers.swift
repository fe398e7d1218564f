/// Channel concatenation of `[N, Cᵢ, H, W]` inputs.
final class ConcatLayer: Layer {
    private var inputShapes: [[Int]] = []

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        inputShapes = inputs.map(\.shape)
        let n = inputs[0].shape[0]
        let inner = inputs[0].shape.dropFirst(2).reduce(1, *)
        let channels = inputs.map { $0.shape[1] }.reduce(0, +)
        var shape = inputs[0].shape
        shape[1] = channels
        let y = context.allocate(shape)
        let yp = y.pointer
        let itemSize = channels &* inner
        var offset = 0
        for x in inputs {
            let block = x.shape[1] &* inner
            let xp = x.pointer
            for item in 0..<n { (yp + (item &* itemSize &+ offset)).update(from: xp + item &* block, count: block) }
            offset += block
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let n = inputShapes[0][0]
        let inner = inputShapes[0].dropFirst(2).reduce(1, *)
        let itemSize = gradient.count / max(n, 1)
        let dyp = gradient.pointer
        var offset = 0
        var result: [Tensor?] = []
        for (i, shape) in inputShapes.enumerated() {
            let block = shape[1] &* inner
            if needsInputGradient[i] {
                let dx = context.allocate(shape)
                for item in 0..<n { (dx.pointer + item &* block).update(from: dyp + (item &* itemSize &+ offset), count: block) }
                result.append(dx)
            } else {
                result.append(nil)
            }
            offset += block
        }
        return result
    }
}

/// Element-wise sum; in place on the first input when possible.
final class AddLayer: Layer {
    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let others = Array(inputs.dropFirst())
        var y = inPlaceOutput(&inputs, context)
        let yp = y.mutablePointer()
        let first = inputs[0].count > 0 ? inputs[0].pointer : yp
        let count = y.count
        let pointers = others.map(\.pointer)
        Parallel.forEach(count, grain: 65_536) { r in
            if first != yp { for i in r { yp[i] = first[i] } }
            for p in pointers { for i in r { yp[i] += p[i] } }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        needsInputGradient.map { $0 ? gradient : nil }
    }
}

/// Element-wise product of two inputs; the second may be `[N, C, 1, 1]`, broadcast over height
/// and width (squeeze-and-excite).
final class MultiplyLayer: Layer {
    var needsInputs: Bool { true }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let a = inputs[0], b = inputs[1]
        let y = context.allocate(a.shape)
        let ap = a.pointer, bp = b.pointer, yp = y.pointer
        if a.shape == b.shape {
            Parallel.forEach(a.count, grain: 65_536) { r in for i in r { yp[i] = ap[i] * bp[i] } }
        } else {
            let inner = a.shape.dropFirst(2).reduce(1, *)
            Parallel.forEach(b.count, grain: max(1, 65_536 / max(inner, 1))) { planes in
                for plane in planes {
                    let s = bp[plane]
                    let src = ap + plane &* inner, dst = yp + plane &* inner
                    for i in 0..<inner { dst[i] = src[i] * s }
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let a = inputs[0], b = inputs[1]
        let ap = a.pointer, bp = b.pointer, dyp = gradient.pointer
        var da: Tensor?, db: Tensor?
        if a.shape == b.shape {
            if needsInputGradient[0] {
                let t = context.allocate(a.shape)
                let p = t.pointer
                Parallel.forEach(a.count, grain: 65_536) { r in for i in r { p[i] = dyp[i] * bp[i] } }
                da = t
            }
            if needsInputGradient[1] {
                let t = context.allocate(b.shape)
                let p = t.pointer
                Parallel.forEach(a.count, grain: 65_536) { r in for i in r { p[i] = dyp[i] * ap[i] } }
                db = t
            }
        } else {
            let inner = a.shape.dropFirst(2).reduce(1, *)
            let planes = b.count
            let tda = needsInputGradient[0] ? context.allocate(a.shape) : nil
            let tdb = needsInputGradient[1] ? context.allocate(b.shape) : nil
            let dap = tda?.pointer, dbp = tdb?.pointer
            Parallel.forEach(planes, grain: max(1, 65_536 / max(inner, 1))) { range in
                for plane in range {
                    let g = dyp + plane &* inner, x = ap + plane &* inner
                    if let dap {
                        let s = bp[plane], d = dap + plane &* inner
                        for i in 0..<inner { d[i] = g[i] * s }
                    }
                    if let dbp {
                        var total: Float = 0
                        for i in 0..<inner { total += g[i] * x[i] }
                        dbp[plane] = total
                    }
                }
            }
            da = tda
            db = tdb
        }
        return [da, db]
    }
}
