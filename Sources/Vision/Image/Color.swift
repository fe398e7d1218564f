import Foundation

/// A linear colour transform of RGB samples, TAO's 4×4 "color transformation matrix":
/// `(r', g', b', _) = (r, g, b, 1) · m` with `m` row-major. Products compose left to right.
public struct ColorMatrix: Sendable, Equatable {
    /// 16 values, row-major.
    public var m: [Double]

    public init(_ m: [Double]) {
        precondition(m.count == 16, "a colour matrix has 16 values")
        self.m = m
    }

    public static let identity = ColorMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])

    /// `self` then `next`.
    public func then(_ next: ColorMatrix) -> ColorMatrix {
        var r = [Double](repeating: 0, count: 16)
        for i in 0..<4 { for j in 0..<4 { for k in 0..<4 { r[i * 4 + j] += m[i * 4 + k] * next.m[k * 4 + j] } } }
        return ColorMatrix(r)
    }

    /// Adds `offset[c]` to each channel (TAO's brightness offset matrix).
    public static func brightness(_ offset: [Double]) -> ColorMatrix {
        precondition(offset.count == 3, "one offset per RGB channel")
        return ColorMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, offset[0], offset[1], offset[2], 1])
    }

    /// Scales contrast by `1 + contrast` about `center` (0.5 for [0, 1] samples).
    public static func contrast(_ contrast: Double, center: Double) -> ColorMatrix {
        let s = 1 + contrast, b = -contrast * center
        return ColorMatrix([s, 0, 0, 0, 0, s, 0, 0, 0, 0, s, 0, b, b, b, 1])
    }

    /// Rotates hue by `degrees` and multiplies saturation by `saturation` in one linear map
    /// (the YIQ-style approximation TAO uses; saturation 0 gives gray, hue 0 and saturation 1 change nothing).
    public static func hueSaturation(hueDegrees: Double, saturation: Double) -> ColorMatrix {
        let constant: [Double] = [0.299, 0.299, 0.299, 0, 0.587, 0.587, 0.587, 0, 0.114, 0.114, 0.114, 0, 0, 0, 0, 1]
        let cosine: [Double] = [0.701, -0.299, -0.299, 0, -0.587, 0.413, -0.587, 0, -0.114, -0.114, 0.886, 0, 0, 0, 0, 0]
        let sine: [Double] = [0.168, -0.328, 1.25, 0, 0.330, 0.035, -1.05, 0, -0.497, 0.292, -0.203, 0, 0, 0, 0, 0]
        let angle = hueDegrees * .pi / 180
        let sc = saturation * cos(angle), ss = saturation * sin(angle)
        return ColorMatrix((0..<16).map { constant[$0] + sc * cosine[$0] + ss * sine[$0] })
    }
}

extension Image {
    /// The RGB channels transformed by `matrix` and clamped to [0, 1] (gray images are transformed
    /// as gray RGB and stay gray; alpha is kept).
    public func applying(_ matrix: ColorMatrix) -> Image {
        var out = self
        let m = matrix.m.map(Float.init)
        let channels = self.channels
        out.pixels.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                if channels >= 3 {
                    let r = p[i], g = p[i &+ 1], b = p[i &+ 2]
                    p[i] = min(max(r * m[0] + g * m[4] + b * m[8] + m[12], 0), 1)
                    p[i &+ 1] = min(max(r * m[1] + g * m[5] + b * m[9] + m[13], 0), 1)
                    p[i &+ 2] = min(max(r * m[2] + g * m[6] + b * m[10] + m[14], 0), 1)
                } else {
                    let v = p[i]
                    let r = v * (m[0] + m[4] + m[8]) + m[12], g = v * (m[1] + m[5] + m[9]) + m[13]
                    let b = v * (m[2] + m[6] + m[10]) + m[14]
                    p[i] = min(max(0.299 * r + 0.587 * g + 0.114 * b, 0), 1)
                }
                i &+= channels
            }
        }
        return out
    }

    /// Hue shifted by `hueDegrees`, saturation and value (brightness) multiplied, in HSV space
    /// (YOLOv4's `aug_hsv`, with OpenCV's float RGB↔HSV conversion). Gray images only get the value scale.
    public func adjustingHSV(hueDegrees: Float, saturation: Float, value: Float) -> Image {
        var out = self
        let channels = self.channels
        out.pixels.withUnsafeMutableBufferPointer { p in
            var i = 0
            while i < p.count {
                defer { i &+= channels }
                if channels < 3 { p[i] = min(max(p[i] * value, 0), 1); continue }
                var (h, s, v) = rgbToHSV(p[i], p[i &+ 1], p[i &+ 2])
                h = (h + hueDegrees).truncatingRemainder(dividingBy: 360)
                if h < 0 { h += 360 }
                s = min(max(s * saturation, 0), 1)
                v = min(max(v * value, 0), 1)
                (p[i], p[i &+ 1], p[i &+ 2]) = hsvToRGB(h, s, v)
            }
        }
        return out
    }
}

/// RGB in [0, 1] to hue in degrees [0, 360), saturation and value in [0, 1] (OpenCV's float conversion).
@inline(__always) func rgbToHSV(_ r: Float, _ g: Float, _ b: Float) -> (Float, Float, Float) {
    let v = max(r, g, b), mn = min(r, g, b), delta = v - mn
    let s = v > 0 ? delta / v : 0
    guard delta > 0 else { return (0, s, v) }
    var h: Float
    if v == r { h = 60 * (g - b) / delta } else if v == g { h = 120 + 60 * (b - r) / delta } else { h = 240 + 60 * (r - g) / delta }
    if h < 0 { h += 360 }
    return (h, s, v)
}

/// Hue in degrees, saturation and value in [0, 1] back to RGB in [0, 1].
@inline(__always) func hsvToRGB(_ h: Float, _ s: Float, _ v: Float) -> (Float, Float, Float) {
    guard s > 0 else { return (v, v, v) }
    let hh = h / 60
    let sector = Int(hh.rounded(.down)) % 6
    let f = hh - hh.rounded(.down)
    let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
    switch sector {
    case 0: return (v, t, p)
    case 1: return (q, v, p)
    case 2: return (p, v, t)
    case 3: return (p, q, v)
    case 4: return (t, p, v)
    default: return (v, p, q)
    }
}
