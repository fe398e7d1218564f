import Foundation

extension Image {
    /// Shannon entropy (bits, 0…8) of the 256-level gray histogram of the region (whole image by default).
    public func grayEntropy(in box: BoundingBox? = nil) -> Double {
        var histogram = [Int](repeating: 0, count: 256)
        var total = 0
        forEachGray(in: box) { v in
            histogram[Int(min(max(v, 0), 1) * 255 + 0.5)] += 1
            total += 1
        }
        guard total > 0 else { return 0 }
        var entropy = 0.0
        for count in histogram where count > 0 {
            let p = Double(count) / Double(total)
            entropy -= p * log2(p)
        }
        return entropy
    }

    /// Mean gray level (0…1) of the region (whole image by default).
    public func meanBrightness(in box: BoundingBox? = nil) -> Double {
        var sum = 0.0, total = 0
        forEachGray(in: box) { sum += Double($0); total += 1 }
        return total > 0 ? sum / Double(total) : 0
    }

    /// Mean of each colour channel and the gray standard deviation over a region:
    /// `(r, g, b, grayStd)`; gray images report their gray as all three.
    public func colorMoments(in box: BoundingBox? = nil) -> (r: Double, g: Double, b: Double, grayStd: Double) {
        let (x0, y0, x1, y1) = pixelRange(box)
        var r = 0.0, g = 0.0, b = 0.0, s = 0.0, s2 = 0.0, n = 0.0
        for y in y0..<y1 {
            for x in x0..<x1 {
                let i = (y * width + x) * channels
                let red = Double(pixels[i]), green = channels >= 3 ? Double(pixels[i + 1]) : red, blue = channels >= 3 ? Double(pixels[i + 2]) : red
                let gray = 0.299 * red + 0.587 * green + 0.114 * blue
                r += red; g += green; b += blue; s += gray; s2 += gray * gray; n += 1
            }
        }
        guard n > 0 else { return (0, 0, 0, 0) }
        return (r / n, g / n, b / n, max(s2 / n - (s / n) * (s / n), 0).squareRoot())
    }

    private func pixelRange(_ box: BoundingBox?) -> (Int, Int, Int, Int) {
        guard let box else { return (0, 0, width, height) }
        let x0 = min(max(Int(box.x1.rounded(.down)), 0), width), x1 = min(max(Int(box.x2.rounded(.up)), x0), width)
        let y0 = min(max(Int(box.y1.rounded(.down)), 0), height), y1 = min(max(Int(box.y2.rounded(.up)), y0), height)
        return (x0, y0, x1, y1)
    }

    private func forEachGray(in box: BoundingBox?, _ body: (Float) -> Void) {
        let (x0, y0, x1, y1) = pixelRange(box)
        pixels.withUnsafeBufferPointer { p in
            for y in y0..<y1 {
                for x in x0..<x1 {
                    let i = (y &* width &+ x) &* channels
                    body(channels >= 3 ? 0.299 * p[i] + 0.587 * p[i &+ 1] + 0.114 * p[i &+ 2] : p[i])
                }
            }
        }
    }
}
