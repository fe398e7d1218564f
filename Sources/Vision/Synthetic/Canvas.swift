import Foundation

/// An RGB colour with components in [0, 1].
typealias RGB = SIMD3<Float>

/// How a filled shape is coloured.
enum Paint {
    /// One colour.
    case solid(RGB)
    /// A linear gradient from `c0` at `p0` to `c1` at `p1`, flat beyond the ends.
    case linear(p0: SIMD2<Float>, p1: SIMD2<Float>, c0: RGB, c1: RGB)
    /// A colour modulated by value noise: `color · (1 + amplitude · (noise − 0.5))`, features `scale` pixels wide.
    case textured(RGB, amplitude: Float, scale: Float, noise: ValueNoise)
}

/// A painting surface for synthetic scenes: anti-aliased polygon fills over an RGB float image,
/// plus an instance layer recording which object owns each pixel, so labels can report how much
/// of an object ended up visible (occlusion) and which keypoints are hidden.
struct Canvas {
    let width: Int
    let height: Int
    /// RGB samples, row-major.
    var pixels: [Float]
    /// Owner of each pixel: 0 background, 1 unlabeled clutter, ≥ 2 an object.
    var owners: [Int32]
    /// Pixels each owner claimed while being drawn (before later shapes covered them).
    var claimed: [Int]
    /// When set, every fill is multiplied by this per-pixel coverage (a clip region).
    var clip: [Float]?
    private var raster: PolygonRasterizer

    static let background: Int32 = 0
    static let clutter: Int32 = 1

    init(width: Int, height: Int, color: RGB = RGB(0.5, 0.5, 0.5)) {
        self.width = width
        self.height = height
        pixels = [Float](repeating: 0, count: width * height * 3)
        owners = [Int32](repeating: 0, count: width * height)
        claimed = [Int](repeating: 0, count: 64)
        raster = PolygonRasterizer(width: width, height: height, subsamples: 4)
        fillAll { _, _ in color }
    }

    /// Sets every pixel to `color(x, y)` (pixel centres).
    mutating func fillAll(_ color: (Float, Float) -> RGB) {
        let width = self.width, height = self.height
        pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<height {
                let fy = Float(y) + 0.5
                for x in 0..<width {
                    let c = color(Float(x) + 0.5, fy)
                    let i = (y &* width &+ x) &* 3
                    p[i] = c.x; p[i &+ 1] = c.y; p[i &+ 2] = c.z
                }
            }
        }
    }

    /// Fills polygons (even-odd) with `paint` at `opacity`; with an `owner`, pixels at least half
    /// covered become that owner's.
    mutating func fill(_ contours: [[SIMD2<Float>]], _ paint: Paint, opacity: Float = 1, owner: Int32? = nil) {
        let width = self.width
        if let owner, Int(owner) >= claimed.count { claimed += [Int](repeating: 0, count: Int(owner) + 64 - claimed.count) }
        var pixels = self.pixels, owners = self.owners, claimedCount = 0
        self.pixels = []; self.owners = []  // keep the buffers uniquely referenced while painting
        let clip = self.clip
        pixels.withUnsafeMutableBufferPointer { p in
            owners.withUnsafeMutableBufferPointer { o in
                raster.fill(contours) { y, x0, x1, coverage in
                    let fy = Float(y) + 0.5
                    for x in x0..<x1 {
                        let a = coverage[x] * opacity * (clip?[y &* width &+ x] ?? 1)
                        guard a > 0 else { continue }
                        let color: RGB
                        switch paint {
                        case .solid(let c): color = c
                        case .linear(let p0, let p1, let c0, let c1):
                            let d = p1 - p0
                            let t = min(max(((Float(x) + 0.5 - p0.x) * d.x + (fy - p0.y) * d.y) / max((d * d).sum(), 1e-6), 0), 1)
                            color = c0 + (c1 - c0) * t
                        case .textured(let c, let amplitude, let scale, let noise):
                            color = c * (1 + amplitude * (noise.fractal(Float(x) / scale, fy / scale) - 0.5))
                        }
                        let i = (y &* width &+ x) &* 3
                        p[i] += (color.x - p[i]) * a
                        p[i &+ 1] += (color.y - p[i &+ 1]) * a
                        p[i &+ 2] += (color.z - p[i &+ 2]) * a
                        if let owner, a >= 0.5 {
                            let j = y &* width &+ x
                            if o[j] != owner { o[j] = owner; claimedCount &+= 1 }
                        }
                    }
                }
            }
        }
        self.pixels = pixels
        self.owners = owners
        if let owner { claimed[Int(owner)] += claimedCount }
    }

    /// Fills one polygon.
    mutating func fill(_ polygon: [SIMD2<Float>], _ paint: Paint, opacity: Float = 1, owner: Int32? = nil) {
        fill([polygon], paint, opacity: opacity, owner: owner)
    }

    /// Fills one polygon with a solid colour.
    mutating func fill(_ polygon: [SIMD2<Float>], _ color: RGB, opacity: Float = 1, owner: Int32? = nil) {
        fill([polygon], .solid(color), opacity: opacity, owner: owner)
    }

    /// Coverage of `contours` over the whole canvas (for `clip`).
    mutating func coverage(_ contours: [[SIMD2<Float>]]) -> [Float] {
        var mask = [Float](repeating: 0, count: width * height)
        let width = self.width
        raster.fill(contours) { y, x0, x1, coverage in
            for x in x0..<x1 { mask[y * width + x] = min(coverage[x], 1) }
        }
        return mask
    }

    /// Pixels each owner holds now.
    func visibleCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: claimed.count)
        for owner in owners where Int(owner) < counts.count { counts[Int(owner)] += 1 }
        return counts
    }

    /// Fraction of what `owner` claimed that is still its own (1 when it claimed nothing).
    func visibleFraction(_ owner: Int32, counts: [Int]) -> Float {
        let total = claimed[Int(owner)]
        return total > 0 ? Float(counts[Int(owner)]) / Float(total) : 1
    }

    /// The owner of the pixel containing `(x, y)`, or nil outside the canvas.
    func owner(atX x: Float, y: Float) -> Int32? {
        let ix = Int(x.rounded(.down)), iy = Int(y.rounded(.down))
        guard ix >= 0, iy >= 0, ix < width, iy < height else { return nil }
        return owners[iy * width + ix]
    }

    /// Camera response: per-channel gain (exposure and white balance), a brightness ramp across the
    /// frame, vignetting, then Gaussian sensor noise.
    mutating func develop(gain: RGB, ramp: (from: SIMD2<Float>, to: SIMD2<Float>, low: Float, high: Float)?,
                          vignette: Float, noise: Float, random: inout SeededRandom) {
        let width = self.width, height = self.height
        let cx = Float(width) / 2, cy = Float(height) / 2, radius2 = cx * cx + cy * cy
        pixels.withUnsafeMutableBufferPointer { p in
            for y in 0..<height {
                for x in 0..<width {
                    let fx = Float(x) + 0.5, fy = Float(y) + 0.5
                    var factor: Float = 1 - vignette * ((fx - cx) * (fx - cx) + (fy - cy) * (fy - cy)) / radius2
                    if let ramp {
                        let d = ramp.to - ramp.from
                        let t = min(max(((fx - ramp.from.x) * d.x + (fy - ramp.from.y) * d.y) / max((d * d).sum(), 1e-6), 0), 1)
                        factor *= ramp.low + (ramp.high - ramp.low) * t
                    }
                    let i = (y &* width &+ x) &* 3
                    let n0 = noise > 0 ? random.fastNormal() * noise : 0, n1 = noise > 0 ? random.fastNormal() * noise : 0
                    let n2 = noise > 0 ? random.fastNormal() * noise : 0
                    p[i] = min(max(p[i] * gain.x * factor + n0, 0), 1)
                    p[i &+ 1] = min(max(p[i &+ 1] * gain.y * factor + n1, 0), 1)
                    p[i &+ 2] = min(max(p[i &+ 2] * gain.z * factor + n2, 0), 1)
                }
            }
        }
    }

    /// A 3×3 box blur (slight defocus), `passes` times.
    mutating func blur(passes: Int = 1) {
        guard passes > 0, width > 2, height > 2 else { return }
        var image = self.image()
        for _ in 0..<passes { image = image.boxBlurred3() }
        pixels = image.pixels
    }

    /// The painted RGB image.
    func image() -> Image { Image(width: width, height: height, channels: 3, pixels: pixels) }
}

extension Image {
    /// A 3×3 mean filter with edge pixels replicated.
    func boxBlurred3() -> Image {
        var out = self
        let w = width, h = height, c = channels
        pixels.withUnsafeBufferPointer { src in
            out.pixels.withUnsafeMutableBufferPointer { dst in
                for y in 0..<h {
                    let ys = [max(y - 1, 0), y, min(y + 1, h - 1)]
                    for x in 0..<w {
                        let xs0 = max(x - 1, 0), xs2 = min(x + 1, w - 1)
                        for ch in 0..<c {
                            var sum: Float = 0
                            for yy in ys {
                                let row = yy &* w
                                sum += src[(row &+ xs0) &* c &+ ch] + src[(row &+ x) &* c &+ ch] + src[(row &+ xs2) &* c &+ ch]
                            }
                            dst[(y &* w &+ x) &* c &+ ch] = sum / 9
                        }
                    }
                }
            }
        }
        return out
    }
}
