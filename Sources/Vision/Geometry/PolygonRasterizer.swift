/// Scanline fill of polygons (several contours combine even-odd, so holes work) with exact
/// horizontal coverage and `subsamples` sub-scanlines per row: the one raster routine behind COCO
/// polygon masks and the synthetic scene painter. Reuses its buffers; one per thread.
public struct PolygonRasterizer {
    public let width: Int
    public let height: Int
    public let subsamples: Int
    private var coverage: [Float]
    private var crossings: [Float] = []

    public init(width: Int, height: Int, subsamples: Int = 4) {
        precondition(width > 0 && height > 0 && subsamples > 0, "a raster needs a positive size")
        self.width = width
        self.height = height
        self.subsamples = subsamples
        coverage = [Float](repeating: 0, count: width + 1)
        crossings.reserveCapacity(64)
    }

    /// Fills `contours` (each a closed list of points in pixel coordinates) and calls `row(y, x0, x1, coverage)`
    /// for every row touched, where `coverage[x]` for `x0 ≤ x < x1` is the covered fraction of pixel `(x, y)`.
    public mutating func fill(_ contours: [[SIMD2<Float>]],
                              row: (_ y: Int, _ x0: Int, _ x1: Int, _ coverage: UnsafeBufferPointer<Float>) -> Void) {
        var minY = Float.infinity, maxY = -Float.infinity
        for contour in contours { for p in contour { minY = min(minY, p.y); maxY = max(maxY, p.y) } }
        guard minY < maxY else { return }
        let yStart = max(0, Int(minY.rounded(.down))), yEnd = min(height, Int(maxY.rounded(.up)))
        guard yStart < yEnd else { return }
        let step = 1 / Float(subsamples), widthF = Float(width)
        coverage.withUnsafeMutableBufferPointer { cov in
            for y in yStart..<yEnd {
                var dirtyMin = width, dirtyMax = -1
                for k in 0..<subsamples {
                    let sy = Float(y) + (Float(k) + 0.5) * step
                    crossings.removeAll(keepingCapacity: true)
                    for contour in contours where contour.count >= 3 {
                        var previous = contour[contour.count - 1]
                        for point in contour {
                            if (previous.y <= sy) != (point.y <= sy) {
                                crossings.append(previous.x + (sy - previous.y) * (point.x - previous.x) / (point.y - previous.y))
                            }
                            previous = point
                        }
                    }
                    guard crossings.count >= 2 else { continue }
                    crossings.sort()
                    var i = 0
                    while i + 1 < crossings.count {
                        let xa = min(max(crossings[i], 0), widthF), xb = min(max(crossings[i + 1], 0), widthF)
                        i += 2
                        guard xb > xa else { continue }
                        let ia = Int(xa), ib = min(Int(xb), width)
                        if ia == ib {
                            cov[ia] += (xb - xa) * step
                        } else {
                            cov[ia] += (Float(ia + 1) - xa) * step
                            var x = ia + 1
                            while x < ib { cov[x] += step; x &+= 1 }
                            if ib < width { cov[ib] += (xb - Float(ib)) * step }
                        }
                        dirtyMin = min(dirtyMin, ia)
                        dirtyMax = max(dirtyMax, min(ib, width - 1))
                    }
                }
                guard dirtyMax >= dirtyMin else { continue }
                row(y, dirtyMin, dirtyMax + 1, UnsafeBufferPointer(cov))
                for x in dirtyMin...dirtyMax { cov[x] = 0 }
            }
        }
    }

    /// A binary mask (row-major, 1 inside) of `contours`: pixels at least half covered.
    public mutating func mask(_ contours: [[SIMD2<Float>]]) -> [UInt8] {
        var mask = [UInt8](repeating: 0, count: width * height)
        let width = self.width
        fill(contours) { y, x0, x1, coverage in
            for x in x0..<x1 where coverage[x] >= 0.5 { mask[y * width + x] = 1 }
        }
        return mask
    }
}
