import Foundation

typealias Point = SIMD2<Float>

/// Smooth lattice value noise in [0, 1], determined by its seed (textures for synthetic scenes).
struct ValueNoise {
    let seed: UInt32

    init(seed: UInt32) { self.seed = seed }

    init(random: inout SeededRandom) { seed = UInt32(truncatingIfNeeded: random.next()) }

    @inline(__always) private func lattice(_ x: Int32, _ y: Int32) -> Float {
        var h = UInt32(bitPattern: x) &* 0x8DA6_B343 ^ UInt32(bitPattern: y) &* 0xD816_3841 ^ seed &* 0xCB1A_B31F
        h ^= h >> 13
        h &*= 0x85EB_CA6B
        h ^= h >> 16
        return Float(h & 0xFFFFFF) * (1 / 16_777_215)
    }

    /// Noise at `(x, y)`, with features about one unit apart.
    @inline(__always) func value(_ x: Float, _ y: Float) -> Float {
        let fx = x.rounded(.down), fy = y.rounded(.down)
        let ix = Int32(truncatingIfNeeded: Int(fx)), iy = Int32(truncatingIfNeeded: Int(fy))
        var tx = x - fx, ty = y - fy
        tx = tx * tx * (3 - 2 * tx)
        ty = ty * ty * (3 - 2 * ty)
        let a = lattice(ix, iy), b = lattice(ix &+ 1, iy), c = lattice(ix, iy &+ 1), d = lattice(ix &+ 1, iy &+ 1)
        return (a + (b - a) * tx) + ((c + (d - c) * tx) - (a + (b - a) * tx)) * ty
    }

    /// Three octaves, normalized to [0, 1].
    @inline(__always) func fractal(_ x: Float, _ y: Float) -> Float {
        (value(x, y) * 0.57 + value(x * 2.03 + 17.1, y * 2.03 - 9.7) * 0.29 + value(x * 4.1 - 31.3, y * 4.1 + 5.3) * 0.14)
    }
}

/// Polygon builders for the scene painters (pixel coordinates, y down).
enum Shape {
    static func rect(_ x: Float, _ y: Float, _ w: Float, _ h: Float) -> [Point] {
        [Point(x, y), Point(x + w, y), Point(x + w, y + h), Point(x, y + h)]
    }

    /// A rectangle with rounded corners of radius `r` (clamped to half the shorter side).
    static func roundedRect(_ x: Float, _ y: Float, _ w: Float, _ h: Float, _ r: Float, segments: Int = 4) -> [Point] {
        let r = max(0, min(r, w / 2, h / 2))
        guard r > 0.3 else { return rect(x, y, w, h) }
        var points: [Point] = []
        let corners: [(Point, Float)] = [(Point(x + w - r, y + r), -.pi / 2), (Point(x + w - r, y + h - r), 0),
                                          (Point(x + r, y + h - r), .pi / 2), (Point(x + r, y + r), .pi)]
        for (center, start) in corners {
            for k in 0...segments {
                let t = start + Float(k) / Float(segments) * .pi / 2
                points.append(center + Point(cos(t), sin(t)) * r)
            }
        }
        return points
    }

    static func ellipse(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, rotation: Float = 0, segments: Int? = nil) -> [Point] {
        let n = segments ?? max(12, min(64, Int((rx + ry) * 0.8)))
        let c = cos(rotation), s = sin(rotation)
        return (0..<n).map { k in
            let t = Float(k) / Float(n) * 2 * .pi
            let px = cos(t) * rx, py = sin(t) * ry
            return Point(cx + px * c - py * s, cy + px * s + py * c)
        }
    }

    static func circle(_ cx: Float, _ cy: Float, _ r: Float) -> [Point] { ellipse(cx, cy, r, r) }

    /// A regular polygon with `sides` corners, the first at angle `rotation` from straight up.
    static func regular(_ cx: Float, _ cy: Float, _ r: Float, sides: Int, rotation: Float = 0) -> [Point] {
        (0..<sides).map { k in
            let t = rotation + Float(k) / Float(sides) * 2 * .pi - .pi / 2
            return Point(cx + cos(t) * r, cy + sin(t) * r)
        }
    }

    /// A stroke from `a` to `b`, `r0` wide at `a` and `r1` at `b` (half-widths), with round caps: limbs, poles, frames.
    static func capsule(_ a: Point, _ b: Point, _ r0: Float, _ r1: Float) -> [Point] {
        let d = b - a
        let length = (d * d).sum().squareRoot()
        guard length > 1e-4 else { return circle(a.x, a.y, max(r0, r1)) }
        let angle = atan2(d.y, d.x)
        var points: [Point] = []
        let capSegments = 6
        for k in 0...capSegments {  // cap around b
            let t = angle - .pi / 2 + Float(k) / Float(capSegments) * .pi
            points.append(b + Point(cos(t), sin(t)) * r1)
        }
        for k in 0...capSegments {  // cap around a
            let t = angle + .pi / 2 + Float(k) / Float(capSegments) * .pi
            points.append(a + Point(cos(t), sin(t)) * r0)
        }
        return points
    }

    /// A thin straight line as a quadrilateral `width` wide (no caps).
    static func line(_ a: Point, _ b: Point, width: Float) -> [Point] {
        let d = b - a
        let length = max((d * d).sum().squareRoot(), 1e-4)
        let n = Point(-d.y, d.x) / length * (width / 2)
        return [a + n, b + n, b - n, a - n]
    }

    /// A ring (annulus) as two contours, filled even-odd.
    static func ring(_ cx: Float, _ cy: Float, outer: Float, inner: Float, squash: Float = 1) -> [[Point]] {
        [ellipse(cx, cy, outer, outer * squash), ellipse(cx, cy, inner, inner * squash)]
    }

    /// `points` moved by `offset` after scaling by `scale` about the origin, mirrored in x when `mirror`.
    static func place(_ points: [Point], at offset: Point, scale: Point, mirror: Bool = false) -> [Point] {
        points.map { p in Point(mirror ? -p.x : p.x, p.y) * scale + offset }
    }

    /// Bounds of a set of contours.
    static func bounds(_ contours: [[Point]]) -> BoundingBox {
        var box = BoundingBox(x1: .infinity, y1: .infinity, x2: -.infinity, y2: -.infinity)
        for contour in contours {
            for p in contour {
                box.x1 = min(box.x1, p.x); box.y1 = min(box.y1, p.y)
                box.x2 = max(box.x2, p.x); box.y2 = max(box.y2, p.y)
            }
        }
        return box
    }

    /// Whether `point` lies inside `polygon` (even-odd).
    static func contains(_ polygon: [Point], _ point: Point) -> Bool {
        var inside = false
        var previous = polygon[polygon.count - 1]
        for p in polygon {
            if (p.y > point.y) != (previous.y > point.y),
               point.x < (previous.x - p.x) * (point.y - p.y) / (previous.y - p.y) + p.x {
                inside.toggle()
            }
            previous = p
        }
        return inside
    }
}

/// Colour helpers.
enum Palette {
    /// HSV (hue in turns) to RGB.
    static func hsv(_ h: Float, _ s: Float, _ v: Float) -> RGB {
        let (r, g, b) = hsvToRGB((h - h.rounded(.down)) * 360, s, v)
        return RGB(r, g, b)
    }

    /// A random saturated-ish colour.
    static func vivid(_ random: inout SeededRandom) -> RGB {
        hsv(random.uniform(0, 1), random.uniform(0.45, 0.95), random.uniform(0.35, 0.95))
    }

    /// A random muted colour (clothes, walls, clutter).
    static func muted(_ random: inout SeededRandom) -> RGB {
        hsv(random.uniform(0, 1), random.uniform(0.05, 0.5), random.uniform(0.2, 0.85))
    }

    /// A random gray.
    static func gray(_ random: inout SeededRandom, _ low: Float = 0.15, _ high: Float = 0.85) -> RGB {
        let v = random.uniform(low, high)
        return RGB(v, v, v)
    }

    /// Skin tones from light to dark.
    static let skin: [RGB] = [RGB(0.96, 0.80, 0.69), RGB(0.91, 0.72, 0.58), RGB(0.80, 0.60, 0.45),
                              RGB(0.67, 0.47, 0.33), RGB(0.52, 0.35, 0.24), RGB(0.36, 0.24, 0.16)]

    /// Hair colours.
    static let hair: [RGB] = [RGB(0.08, 0.06, 0.05), RGB(0.25, 0.16, 0.09), RGB(0.45, 0.30, 0.15),
                              RGB(0.75, 0.60, 0.35), RGB(0.55, 0.55, 0.55), RGB(0.50, 0.20, 0.10)]

    /// Vehicle paint: white, silver, black, gray, red, blue and a few others, roughly as common as on roads.
    static func carPaint(_ random: inout SeededRandom) -> RGB {
        let r = random.unit()
        switch r {
        case ..<0.22: return RGB(0.92, 0.92, 0.90)
        case ..<0.38: return RGB(0.70, 0.71, 0.73)
        case ..<0.54: return RGB(0.07, 0.07, 0.08)
        case ..<0.66: return RGB(0.38, 0.39, 0.41)
        case ..<0.76: return RGB(0.65, 0.07, 0.07)
        case ..<0.86: return RGB(0.10, 0.20, 0.50)
        default: return vivid(&random)
        }
    }

    static func mix(_ a: RGB, _ b: RGB, _ t: Float) -> RGB { a + (b - a) * t }
}
