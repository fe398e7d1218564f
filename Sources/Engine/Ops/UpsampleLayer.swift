import Foundation

/// Nearest or bilinear upsampling by integer factors (ONNX `Resize`).
final class UpsampleLayer: Layer {
    let attributes: Upsample
    private var inputShape: [Int] = []

    init(_ attributes: Upsample) { self.attributes = attributes }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    /// For each output index along one axis: the two source indices and the weight of the second.
    private func taps(input: Int, output: Int, scale: Int) -> [(Int, Int, Float)] {
        (0..<output).map { o in
            if attributes.mode == .nearest {
                let i = Swift.min(o / scale, input - 1)
                return (i, i, 0)
            }
            var source: Double
            switch attributes.coordinateTransform {
            case .halfPixel: source = (Double(o) + 0.5) / Double(scale) - 0.5
            case .alignCorners: source = output > 1 ? Double(o) * Double(input - 1) / Double(output - 1) : 0
            case .asymmetric: source = Double(o) / Double(scale)
            }
            source = Swift.min(Swift.max(source, 0), Double(input - 1))
            let i0 = Int(source.rounded(.down))
            let i1 = Swift.min(i0 + 1, input - 1)
            return (i0, i1, Float(source - Double(i0)))
        }
    }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let oh = h * attributes.scale.h, ow = w * attributes.scale.w
        let y = context.allocate([n, c, oh, ow])
        let rows = taps(input: h, output: oh, scale: attributes.scale.h)
        let cols = taps(input: w, output: ow, scale: attributes.scale.w)
        let xp = x.pointer, yp = y.pointer
        Parallel.forEach(n &* c, grain: max(1, 16_384 / max(oh &* ow, 1))) { planes in
            for plane in planes {
                let src = xp + plane &* h &* w, dst = yp + plane &* oh &* ow
                for oy in 0..<oh {
                    let (y0, y1, ly) = rows[oy]
                    let r0 = src + y0 &* w, r1 = src + y1 &* w
                    let out = dst + oy &* ow
                    for ox in 0..<ow {
                        let (x0, x1, lx) = cols[ox]
                        let top = r0[x0] + (r0[x1] - r0[x0]) * lx
                        let bottom = r1[x0] + (r1[x1] - r1[x0]) * lx
                        out[ox] = top + (bottom - top) * ly
                    }
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let oh = h * attributes.scale.h, ow = w * attributes.scale.w
        let dx = context.zeros(inputShape)
        let rows = taps(input: h, output: oh, scale: attributes.scale.h)
        let cols = taps(input: w, output: ow, scale: attributes.scale.w)
        let dxp = dx.pointer, dyp = gradient.pointer
        Parallel.forEach(n &* c, grain: max(1, 16_384 / max(oh &* ow, 1))) { planes in
            for plane in planes {
                let dst = dxp + plane &* h &* w, src = dyp + plane &* oh &* ow
                for oy in 0..<oh {
                    let (y0, y1, ly) = rows[oy]
                    let r0 = dst + y0 &* w, r1 = dst + y1 &* w
                    let row = src + oy &* ow
                    for ox in 0..<ow {
                        let (x0, x1, lx) = cols[ox]
                        let g = row[ox]
                        let top = g * (1 - ly), bottom = g * ly
                        r0[x0] += top * (1 - lx)
                        r0[x1] += top * lx
                        r1[x0] += bottom * (1 - lx)
                        r1[x1] += bottom * lx
                    }
                }
            }
        }
        return [dx]
    }
}
