/// Flatten and reshape: a new shape over the same buffer (no copy either way).
final class ReshapeLayer: Layer {
    /// Per-item target shape; nil flattens.
    let target: [Int]?
    private var inputShape: [Int] = []

    init(target: [Int]?) { self.target = target }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        return x.reshaped([x.shape[0]] + (target ?? [-1]))
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        [needsInputGradient.first == true ? gradient.reshaped(inputShape) : nil]
    }
}

/// Zero padding of height and width.
final class ZeroPadLayer: Layer {
    let pads: Pads
    private var inputShape: [Int] = []

    init(_ pads: Pads) { self.pads = pads }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let oh = h + pads.top + pads.bottom, ow = w + pads.left + pads.right
        let y = context.zeros([n, c, oh, ow])
        let xp = x.pointer, yp = y.pointer
        let (top, left) = (pads.top, pads.left)
        Parallel.forEach(n &* c, grain: max(1, 16_384 / max(oh &* ow, 1))) { planes in
            for plane in planes {
                for row in 0..<h {
                    (yp + (plane &* oh &* ow &+ (row &+ top) &* ow &+ left)).update(from: xp + (plane &* h &* w &+ row &* w), count: w)
                }
            }
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let oh = h + pads.top + pads.bottom, ow = w + pads.left + pads.right
        let dx = context.allocate(inputShape)
        let dxp = dx.pointer, dyp = gradient.pointer
        let (top, left) = (pads.top, pads.left)
        Parallel.forEach(n &* c, grain: max(1, 16_384 / max(oh &* ow, 1))) { planes in
            for plane in planes {
                for row in 0..<h {
                    (dxp + (plane &* h &* w &+ row &* w)).update(from: dyp + (plane &* oh &* ow &+ (row &+ top) &* ow &+ left), count: w)
                }
            }
        }
        return [dx]
    }
}

/// One of `groups` equal channel slices.
final class SplitLayer: Layer {
    let attributes: Split
    private var inputShape: [Int] = []

    init(_ attributes: Split) { self.attributes = attributes }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        let x = inputs[0]
        inputShape = x.shape
        let (n, c, h, w) = x.nchw
        let part = c / attributes.groups
        let y = context.allocate([n, part, h, w])
        let block = part &* h &* w
        for item in 0..<n {
            (y.pointer + item &* block).update(from: x.pointer + (item &* c &+ attributes.index &* part) &* h &* w, count: block)
        }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        let (n, c, h, w) = (inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        let part = c / attributes.groups
        let dx = context.zeros(inputShape)
        let block = part &* h &* w
        for item in 0..<n {
            (dx.pointer + (item &* c &+ attributes.index &* part) &* h &* w).update(from: gradient.pointer + item &* block, count: block)
        }
        return [dx]
    }
}

/// Inverted dropout: during training each element is zeroed with probability `rate` and the
/// rest scaled by `1 / (1 − rate)`; identity at inference.
final class DropoutLayer: Layer {
    let rate: Float
    private var mask: Tensor?

    init(rate: Float) { self.rate = rate }

    var needsInputs: Bool { false }
    var needsOutput: Bool { false }

    func forward(_ inputs: inout [Tensor], _ context: LayerContext) -> Tensor {
        guard context.training, rate > 0 else {
            mask = nil
            return inputs[0]
        }
        let keep = 1 - rate
        let scale = keep > 0 ? 1 / keep : 0
        let m = context.allocate(inputs[0].shape)
        let mp = m.pointer
        for i in 0..<m.count { mp[i] = context.generator.nextUnitFloat() < keep ? scale : 0 }
        mask = m
        let x = inputs[0].pointer
        var y = inPlaceOutput(&inputs, context)
        let yp = y.mutablePointer()
        Parallel.forEach(m.count, grain: 65_536) { r in for i in r { yp[i] = x[i] * mp[i] } }
        return y
    }

    func backward(_ gradient: inout Tensor, inputs: [Tensor], output: Tensor,
                  needsInputGradient: [Bool], _ context: LayerContext) -> [Tensor?] {
        guard needsInputGradient.first == true else { return [nil] }
        guard let mask else { return [gradient] }
        let g = gradient.mutablePointer(), mp = mask.pointer
        Parallel.forEach(gradient.count, grain: 65_536) { r in for i in r { g[i] *= mp[i] } }
        self.mask = nil
        return [gradient]
    }
}
