/// 2-D convolution (also grouped and depthwise) as im2col + `cblas_sgemm`; a 1×1, stride-1,
/// unpadded convolution is a plain GEMM on the input. Images with small feature maps are
/// processed several per GEMM, so late stages still give the BLAS wide matrices.
/// Forward and backward side by side.
final class ConvLayer: Layer, ConvolutionLayer {
    let attributes: Conv2D
    let kernel: Parameter
    let bias: Parameter?
    private var epilogue: Epilogue
    private var inputShape: [Int] = []
    /// Batch-norm-folded kernel and bias used at inference instead of the parameters.
    var folded: (kernel: Tensor, bias: Tensor)?

    /// Output pixels per image below which several images share one GEMM.
    static let batchingThreshold = 2048
    /// Columns a shared GEMM aims for.
    static let targetColumns = 4096

    init(_ attributes: Conv2D, kernel: Parameter, bias: Parameter?) {
        self.attributes = attributes
        self.kernel = kernel
        self.bias = bias
        epilogue = Epilogue(activation: attributes.activation)
    }

    var needsInputs: Bool { kernel.isTrainable }
    var needsOutput: Bool { epilogue.needsOutput }

    /// The per-call geometry: image layout, window, and how images are chunked into GEMMs.
    private struct Plan {
        var n: Int, c: Int, h: Int, w: Int
        var groups: Int, filters: Int
        var window: WindowGeometry
        /// 1×1, stride 1, no padding: the input already is the column matrix.
        var direct: Bool
        /// Images per GEMM.
        var chunk: Int

        var columns: Int { window.colColumns }
        var k: Int { window.colRows }
        var groupFilters: Int { filters / groups }
        var groupPlane: Int { window.channels &* h &* w }
    }

    private func plan(_ shape: [Int]) -> Plan {
        let a = attributes
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        let pads = a.padding.pads(input: Size2(h, w), kernel: a.kernel, strides: a.strides, dilations: a.dilations)
        let window = WindowGeometry(channels: c / a.groups, height: h, width: w, kernel: a.kernel, strides: a.strides,
                                    dilations: a.dilations, pads: pads)
        let direct = a.kernel == Size2(1) && a.strides == Size2(1) && pads == .zero
        var chunk = 1
        let columns = window.colColumns
        if columns < ConvLayer.batchingThreshold && n > 1 {
            let chunks = (n * columns + ConvLayer.targetColumns - 1) / ConvLayer.targetColumns
            chunk = (n + chunks - 1) / chunks
        }
        return Plan(n: n, c: c, h: h, w: w, groups: a.groups, filters: a.filters, window: window, direct: direct, chunk: chunk)
    }

    /// Writes the column matrix of images `first..<first+count`, group `group`, side by side
    /// (row stride `count · columns`).
    private func unfold(_ x: UnsafePointer<Float>, _ p: Plan, first: Int, count: Int, group: Int,
                        into col: UnsafeMutablePointer<Float>) {
        let ld = count &* p.columns
        for b in 0..<count {
            let image = x + imageOffset(p, first &+ b, group)
            if p.direct {
                copyRows(image, rows: p.k, length: p.columns, sourceStride: p.columns, into: col + b &* p.columns, stride: ld)
            } else {
                Im2col.unfold(image, p.window, into: col + b &* p.columns, ldc: ld)
            }
        }
    }

    /// Offset of group `group` of image `image` in an input-shaped buffer.
    private func imageOffset(_ p: Plan, _ image: Int, _ group: Int) -> Int {
        (image &* p.c &+ group &* p.window.channels) &* p.h &* p.w
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let p = plan(x.shape)
        let folded = context.training ? nil : self.folded
        let weights = folded?.kernel ?? kernel.value
        var y = context.allocate([p.n, p.filters, p.window.outH, p.window.outW])
        let wp = weights.pointer, xp = x.pointer, yp = y.pointer
        let outPlane = p.filters &* p.columns
        let needsColumns = !(p.direct && p.chunk == 1)
        let col: Tensor? = needsColumns ? context.allocate([p.k, p.chunk &* p.columns]) : nil
        let staging: Tensor? = p.chunk > 1 ? context.allocate([p.groupFilters, p.chunk &* p.columns]) : nil
        for first in stride(from: 0, to: p.n, by: p.chunk) {
            let count = min(p.chunk, p.n - first)
            let width = count &* p.columns
            for group in 0..<p.groups {
                let wg = wp + group &* p.groupFilters &* p.k
                let source: UnsafePointer<Float>
                if let col {
                    unfold(xp, p, first: first, count: count, group: group, into: col.pointer)
                    source = UnsafePointer(col.pointer)
                } else {
                    source = UnsafePointer(xp + imageOffset(p, first, group))
                }
                let yg = yp + (first &* outPlane &+ group &* p.groupFilters &* p.columns)
                if let staging {
                    BLAS.gemm(m: p.groupFilters, n: width, k: p.k, a: wg, lda: p.k, b: source, ldb: width,
                              c: staging.pointer, ldc: width)
                    // [filters, images·pixels] → [images, filters, pixels]
                    for b in 0..<count {
                        copyRows(staging.pointer + b &* p.columns, rows: p.groupFilters, length: p.columns, sourceStride: width,
                                 into: yg + b &* outPlane, stride: p.columns)
                    }
                } else {
                    BLAS.gemm(m: p.groupFilters, n: p.columns, k: p.k, a: wg, lda: p.k, b: source, ldb: p.columns,
                              c: yg, ldc: p.columns)
                }
            }
        }
        let biasValues = folded?.bias ?? bias?.value
        epilogue.forward(&y, bias: biasValues?.pointer, channels: p.filters, inner: p.columns, context)
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        let p = plan(inputShape)
        epilogue.backward(&gradient, output: output, bias: bias, channels: p.filters, inner: p.columns)
        let trainKernel = kernel.isTrainable
        let needDX = needsInputGradient.first ?? false
        guard trainKernel || needDX else { return [nil] }
        let dyp = gradient.pointer
        let wp = kernel.value.pointer
        let dwp = trainKernel ? kernel.gradient.mutablePointer() : nil
        let xp = trainKernel ? inputs[0].pointer : nil
        // A direct convolution writes dX straight from the GEMM, so only the folded path needs zeros.
        let directDX = p.direct && p.chunk == 1
        let dx: Tensor? = needDX ? (directDX ? context.allocate(inputShape) : context.zeros(inputShape)) : nil
        let dxp = dx?.pointer
        let needsColumns = !(p.direct && p.chunk == 1)
        let col: Tensor? = needsColumns ? context.allocate([p.k, p.chunk &* p.columns]) : nil
        let staging: Tensor? = p.chunk > 1 ? context.allocate([p.groupFilters, p.chunk &* p.columns]) : nil
        let outPlane = p.filters &* p.columns
        for first in stride(from: 0, to: p.n, by: p.chunk) {
            let count = min(p.chunk, p.n - first)
            let width = count &* p.columns
            for group in 0..<p.groups {
                let wg = wp + group &* p.groupFilters &* p.k
                let offset = first &* outPlane &+ group &* p.groupFilters &* p.columns
                var dyg = UnsafePointer(dyp + offset)
                var ldy = p.columns
                if let staging {
                    // [images, filters, pixels] → [filters, images·pixels]
                    for b in 0..<count {
                        copyRows(dyg + b &* outPlane, rows: p.groupFilters, length: p.columns, sourceStride: p.columns,
                                 into: staging.pointer + b &* p.columns, stride: width)
                    }
                    dyg = UnsafePointer(staging.pointer)
                    ldy = width
                }
                if let dwp, let xp {
                    let source: UnsafePointer<Float>
                    if let col {
                        unfold(xp, p, first: first, count: count, group: group, into: col.pointer)
                        source = UnsafePointer(col.pointer)
                    } else {
                        source = UnsafePointer(xp + imageOffset(p, first, group))
                    }
                    // dW_g += dY_g · colᵀ
                    BLAS.gemm(transB: true, m: p.groupFilters, n: p.k, k: width, a: dyg, lda: ldy, b: source, ldb: width,
                              beta: 1, c: dwp + group &* p.groupFilters &* p.k, ldc: p.k)
                }
                guard let dxp else { continue }
                let dxImage = { (b: Int) in dxp + self.imageOffset(p, first &+ b, group) }
                if directDX {
                    BLAS.gemm(transA: true, m: p.k, n: p.columns, k: p.groupFilters, a: wg, lda: p.k, b: dyg, ldb: ldy,
                              c: dxImage(0), ldc: p.columns)
                    continue
                }
                // dcol = W_gᵀ · dY_g, folded back onto each image's dX.
                let cp = col!.pointer
                BLAS.gemm(transA: true, m: p.k, n: width, k: p.groupFilters, a: wg, lda: p.k, b: dyg, ldb: ldy,
                          c: cp, ldc: width)
                for b in 0..<count {
                    if p.direct {
                        addRows(cp + b &* p.columns, rows: p.k, length: p.columns, sourceStride: width, into: dxImage(b))
                    } else {
                        Im2col.fold(cp + b &* p.columns, p.window, into: dxImage(b), ldc: width)
                    }
                }
            }
        }
        return [dx]
    }
}

/// Copies `rows` rows of `length` floats between strided layouts.
private func copyRows(_ source: UnsafePointer<Float>, rows: Int, length: Int, sourceStride: Int,
                      into destination: UnsafeMutablePointer<Float>, stride: Int) {
    Parallel.forEach(rows, grain: max(1, 32_768 / max(length, 1))) { range in
        for r in range { (destination + r &* stride).update(from: source + r &* sourceStride, count: length) }
    }
}

/// Adds `rows` strided rows of `length` floats onto contiguous rows.
private func addRows(_ source: UnsafePointer<Float>, rows: Int, length: Int, sourceStride: Int,
                     into destination: UnsafeMutablePointer<Float>) {
    Parallel.forEach(rows, grain: max(1, 32_768 / max(length, 1))) { range in
        for r in range {
            let s = source + r &* sourceStride, d = destination + r &* length
            for i in 0..<length { d[i] += s[i] }
        }
    }
}
