import Foundation

/// How samples between pixel centres are computed when resizing or warping.
public enum Interpolation: String, Sendable, CaseIterable {
    /// The nearest source pixel.
    case nearest
    /// Linear in x and y over the 2×2 neighbourhood (OpenCV's INTER_LINEAR).
    case bilinear
    /// Cubic convolution over 4×4 with a = −0.75 (OpenCV's INTER_CUBIC).
    case bicubic
    /// The exact mean over the source area each output pixel covers (OpenCV's INTER_AREA): the
    /// right choice for shrinking.
    case area
}

/// Per-output-index source indices and weights along one axis (a fixed number of taps each).
struct ResampleTaps {
    let taps: Int
    let index: [Int]
    let weight: [Float]

    /// Taps mapping `input` samples to `output` samples with pixel centres aligned
    /// (`source = (destination + 0.5) · input / output − 0.5`); indices past the edges are clamped.
    init(input: Int, output: Int, method: Interpolation) {
        let scale = Double(input) / Double(output)
        var index: [Int] = [], weight: [Float] = []
        func clamp(_ i: Int) -> Int { min(max(i, 0), input - 1) }
        switch method {
        case .nearest:
            taps = 1
            for o in 0..<output {
                index.append(clamp(Int(((Double(o) + 0.5) * scale).rounded(.down))))
                weight.append(1)
            }
        case .bilinear:
            taps = 2
            for o in 0..<output {
                let f = (Double(o) + 0.5) * scale - 0.5
                let i0 = Int(f.rounded(.down)), t = Float(f - Double(i0))
                index += [clamp(i0), clamp(i0 + 1)]
                weight += [1 - t, t]
            }
        case .bicubic:
            taps = 4
            let a = -0.75
            func kernel(_ x: Double) -> Double {
                let x = abs(x)
                if x <= 1 { return ((a + 2) * x - (a + 3)) * x * x + 1 }
                if x < 2 { return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a }
                return 0
            }
            for o in 0..<output {
                let f = (Double(o) + 0.5) * scale - 0.5
                let i0 = Int(f.rounded(.down)), t = f - Double(i0)
                for k in -1...2 {
                    index.append(clamp(i0 + k))
                    weight.append(Float(kernel(Double(k) - t)))
                }
            }
        case .area:
            taps = Int(scale.rounded(.up)) + 1
            for o in 0..<output {
                let start = Double(o) * scale, end = Double(o + 1) * scale
                let first = Int(start.rounded(.down))
                for k in 0..<taps {
                    let j = first + k
                    let overlap = max(0, min(end, Double(j + 1)) - max(start, Double(j)))
                    index.append(clamp(j))
                    weight.append(Float(overlap / scale))
                }
            }
        }
        self.index = index
        self.weight = weight
    }
}

extension Image {
    /// The image resampled to `width × height` with `method`.
    public func resized(width newWidth: Int, height newHeight: Int, method: Interpolation = .bilinear) -> Image {
        precondition(newWidth > 0 && newHeight > 0, "resize to a positive size")
        if newWidth == width && newHeight == height { return self }
        guard width > 0, height > 0 else { return Image(width: newWidth, height: newHeight, channels: channels) }
        let xTaps = ResampleTaps(input: width, output: newWidth, method: method)
        let yTaps = ResampleTaps(input: height, output: newHeight, method: method)
        let channels = self.channels, srcWidth = width, srcHeight = height
        let rowLength = newWidth * channels

        // Horizontal pass: height × newWidth.
        var horizontal = [Float](repeating: 0, count: srcHeight * rowLength)
        pixels.withUnsafeBufferPointer { src in
            horizontal.withUnsafeMutableBufferPointer { dst in
                xTaps.index.withUnsafeBufferPointer { idx in
                    xTaps.weight.withUnsafeBufferPointer { wts in
                        let taps = xTaps.taps
                        for y in 0..<srcHeight {
                            let srcRow = y &* srcWidth &* channels, dstRow = y &* rowLength
                            for x in 0..<newWidth {
                                let t0 = x &* taps, d = dstRow &+ x &* channels
                                for c in 0..<channels {
                                    var sum: Float = 0
                                    for k in 0..<taps {
                                        sum += wts[t0 &+ k] * src[srcRow &+ idx[t0 &+ k] &* channels &+ c]
                                    }
                                    dst[d &+ c] = sum
                                }
                            }
                        }
                    }
                }
            }
        }

        // Vertical pass: whole rows at a time.
        var out = [Float](repeating: 0, count: newHeight * rowLength)
        horizontal.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                let taps = yTaps.taps
                for y in 0..<newHeight {
                    let dstRow = y &* rowLength
                    for k in 0..<taps {
                        let w = yTaps.weight[y &* taps &+ k]
                        if w == 0 { continue }
                        let srcRow = yTaps.index[y &* taps &+ k] &* rowLength
                        for i in 0..<rowLength { dst[dstRow &+ i] += w * src[srcRow &+ i] }
                    }
                }
            }
        }
        let resized = Image(width: newWidth, height: newHeight, channels: channels, pixels: out)
        return method == .bicubic ? resized.clamped() : resized  // cubic kernels overshoot at edges
    }
}
