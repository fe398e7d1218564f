/// The geometry of one 2-D window op on one image: input size, kernel, strides, dilations,
/// pads and the resulting output size.
struct WindowGeometry {
    var channels: Int
    var height: Int, width: Int
    var kernelH: Int, kernelW: Int
    var strideH: Int, strideW: Int
    var dilationH: Int, dilationW: Int
    var padTop: Int, padLeft: Int
    var outH: Int, outW: Int

    init(channels: Int, height: Int, width: Int, kernel: Size2, strides: Size2, dilations: Size2, pads: Pads) {
        self.channels = channels
        self.height = height; self.width = width
        kernelH = kernel.h; kernelW = kernel.w
        strideH = strides.h; strideW = strides.w
        dilationH = dilations.h; dilationW = dilations.w
        padTop = pads.top; padLeft = pads.left
        let out = Padding.outputSize(Size2(height, width), kernel: kernel, strides: strides, dilations: dilations, pads: pads)
        outH = out.h; outW = out.w
    }

    /// Rows of the column matrix: channels × kernel area.
    var colRows: Int { channels &* kernelH &* kernelW }
    /// Columns of the column matrix: output pixels.
    var colColumns: Int { outH &* outW }

    /// The output columns `ox` whose input column `ox·s − pad + j·d` lies inside the image, as a range.
    @inline(__always)
    func validColumns(kernelColumn j: Int) -> Range<Int> {
        let offset = j &* dilationW &- padLeft
        // ox·s + offset >= 0  and  ox·s + offset < width
        let lo = offset >= 0 ? 0 : (-offset &+ strideW &- 1) / strideW
        let hiExclusive = width &- offset <= 0 ? 0 : (width &- offset &+ strideW &- 1) / strideW
        return min(lo, outW)..<max(min(hiExclusive, outW), min(lo, outW))
    }
}

/// im2col / col2im: unfold image patches into a `[C·kh·kw, outH·outW]` matrix so a convolution
/// becomes one GEMM, and fold gradients back. Rows are parallelized across the cores.
enum Im2col {
    /// Writes the column matrix of image `x` (`[C, H, W]`) into `col` with row stride `ldc`
    /// (≥ outH·outW; larger when several images share one column matrix).
    static func unfold(_ x: UnsafePointer<Float>, _ g: WindowGeometry, into col: UnsafeMutablePointer<Float>, ldc: Int? = nil) {
        let ld = ldc ?? g.colColumns
        let area = g.kernelH &* g.kernelW
        let planeSize = g.height &* g.width
        Parallel.forEach(g.colRows, grain: max(1, 16_384 / max(g.colColumns, 1))) { rows in
            for row in rows {
                let c = row / area, k = row % area
                let i = k / g.kernelW, j = k % g.kernelW
                let plane = x + c &* planeSize
                let dst = col + row &* ld
                let valid = g.validColumns(kernelColumn: j)
                let colOffset = j &* g.dilationW &- g.padLeft
                for oy in 0..<g.outH {
                    let iy = oy &* g.strideH &- g.padTop &+ i &* g.dilationH
                    let out = dst + oy &* g.outW
                    if iy < 0 || iy >= g.height {
                        out.update(repeating: 0, count: g.outW)
                        continue
                    }
                    let src = plane + (iy &* g.width &+ colOffset)
                    if valid.lowerBound > 0 { out.update(repeating: 0, count: valid.lowerBound) }
                    if g.strideW == 1 {
                        (out + valid.lowerBound).update(from: src + valid.lowerBound, count: valid.count)
                    } else {
                        let s = g.strideW
                        for ox in valid { out[ox] = src[ox &* s] }
                    }
                    if valid.upperBound < g.outW {
                        (out + valid.upperBound).update(repeating: 0, count: g.outW &- valid.upperBound)
                    }
                }
            }
        }
    }

    /// Adds the column-matrix gradient `col` back onto the image gradient `dx` (`[C, H, W]`,
    /// which the caller has initialized).
    static func fold(_ col: UnsafePointer<Float>, _ g: WindowGeometry, into dx: UnsafeMutablePointer<Float>, ldc: Int? = nil) {
        let ld = ldc ?? g.colColumns
        let area = g.kernelH &* g.kernelW
        let planeSize = g.height &* g.width
        Parallel.forEach(g.channels, grain: max(1, 16_384 / max(area &* g.colColumns, 1))) { channels in
            for c in channels {
                let plane = dx + c &* planeSize
                for k in 0..<area {
                    let i = k / g.kernelW, j = k % g.kernelW
                    let src = col + (c &* area &+ k) &* ld
                    let valid = g.validColumns(kernelColumn: j)
                    let colOffset = j &* g.dilationW &- g.padLeft
                    for oy in 0..<g.outH {
                        let iy = oy &* g.strideH &- g.padTop &+ i &* g.dilationH
                        if iy < 0 || iy >= g.height { continue }
                        let dst = plane + (iy &* g.width &+ colOffset)
                        let row = src + oy &* g.outW
                        if g.strideW == 1 {
                            for ox in valid { dst[ox] += row[ox] }
                        } else {
                            let s = g.strideW
                            for ox in valid { dst[ox &* s] += row[ox] }
                        }
                    }
                }
            }
        }
    }
}
