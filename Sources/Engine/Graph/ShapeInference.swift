import ZooCore

/// Per-item output shapes (batch excluded) of ops; `-1` marks a dimension unknown until the
/// input size is (e.g. height and width of a backbone that accepts any image size).
extension Op {
    /// The output shape for per-item input shapes `inputs`, or a `ZooError` naming `node` when
    /// the inputs do not fit the op.
    func outputShape(node: String, inputs: [[Int]]) throws -> [Int] {
        func fail(_ why: String) -> ZooError {
            ZooError("Graph node '\(node)' (\(typeName)): \(why).",
                     hint: "the graph does not fit its inputs; check the channel counts and input size it was built for")
        }
        func image(_ i: Int = 0) throws -> (c: Int, h: Int, w: Int) {
            guard inputs[i].count == 3 else { throw fail("expects a C×H×W input, got shape \(inputs[i])") }
            return (inputs[i][0], inputs[i][1], inputs[i][2])
        }
        func window(_ h: Int, _ w: Int, kernel: Size2, strides: Size2, dilations: Size2, padding: Padding) throws -> (Int, Int) {
            func one(_ n: Int, _ k: Int, _ s: Int, _ d: Int, _ before: Int, _ after: Int) throws -> Int {
                guard n >= 0 else { return -1 }
                let out: Int
                switch padding {
                case .same: out = (n + s - 1) / s
                default: out = (n + before + after - ((k - 1) * d + 1)) / s + 1
                }
                guard out >= 1 else { throw fail("input \(n) pixels is smaller than the \(k)-pixel window") }
                return out
            }
            let pads: Pads = if case .explicit(let p) = padding { p } else { .zero }
            return (try one(h, kernel.h, strides.h, dilations.h, pads.top, pads.bottom),
                    try one(w, kernel.w, strides.w, dilations.w, pads.left, pads.right))
        }
        func expectInputs(_ n: Int) throws {
            guard inputs.count == n else { throw fail("expects \(n) input\(n == 1 ? "" : "s"), has \(inputs.count)") }
        }

        switch self {
        case .input(let a):
            return [a.channels, a.height ?? -1, a.width ?? -1]
        case .conv2d(let a):
            try expectInputs(1)
            let x = try image()
            guard a.groups >= 1, x.c % a.groups == 0, a.filters % a.groups == 0, a.filters > 0 else {
                throw fail("\(x.c) input channels and \(a.filters) filters do not divide into \(a.groups) groups")
            }
            let (h, w) = try window(x.h, x.w, kernel: a.kernel, strides: a.strides, dilations: a.dilations, padding: a.padding)
            return [a.filters, h, w]
        case .depthwiseConv2d(let a):
            try expectInputs(1)
            let x = try image()
            let (h, w) = try window(x.h, x.w, kernel: a.kernel, strides: a.strides, dilations: a.dilations, padding: a.padding)
            return [x.c * a.multiplier, h, w]
        case .batchNorm, .activation, .dropout:
            try expectInputs(1)
            guard !inputs[0].isEmpty else { throw fail("expects a channel axis") }
            return inputs[0]
        case .maxPool(let a), .averagePool(let a):
            try expectInputs(1)
            let x = try image()
            let (h, w) = try window(x.h, x.w, kernel: a.kernel, strides: a.strides, dilations: Size2(1), padding: a.padding)
            return [x.c, h, w]
        case .globalAveragePool(let a):
            try expectInputs(1)
            let x = try image()
            return a.keepDims ? [x.c, 1, 1] : [x.c]
        case .upsample(let a):
            try expectInputs(1)
            let x = try image()
            return [x.c, x.h < 0 ? -1 : x.h * a.scale.h, x.w < 0 ? -1 : x.w * a.scale.w]
        case .concat:
            guard !inputs.isEmpty else { throw fail("needs at least one input") }
            let first = try image()
            var channels = 0
            for i in inputs.indices {
                let x = try image(i)
                guard compatible(x.h, first.h), compatible(x.w, first.w) else {
                    throw fail("inputs have different sizes \(inputs[0]) and \(inputs[i])")
                }
                channels += x.c
            }
            return [channels, first.h, first.w]
        case .add:
            guard !inputs.isEmpty else { throw fail("needs at least one input") }
            for s in inputs where !sameShape(s, inputs[0]) {
                throw fail("inputs have different shapes \(inputs[0]) and \(s)")
            }
            return inputs[0]
        case .multiply:
            try expectInputs(2)
            let (a, b) = (inputs[0], inputs[1])
            if sameShape(a, b) { return a }
            guard a.count == 3, b == [a[0], 1, 1] else {
                throw fail("second input \(b) must equal the first \(a) or be \([a.first ?? 0, 1, 1]) (per-channel scale)")
            }
            return a
        case .dense(let a):
            try expectInputs(1)
            guard inputs[0].count == 1 else { throw fail("expects a flat [features] input, got \(inputs[0]); add a Flatten") }
            guard inputs[0][0] > 0 else { throw fail("needs a known number of input features; give the graph input a fixed size") }
            return [a.units]
        case .flatten:
            try expectInputs(1)
            return [inputs[0].contains { $0 < 0 } ? -1 : inputs[0].reduce(1, *)]
        case .reshape(let a):
            try expectInputs(1)
            guard a.shape.filter({ $0 == -1 }).count <= 1, a.shape.allSatisfy({ $0 > 0 || $0 == -1 }) else {
                throw fail("target shape \(a.shape) may hold at most one -1 and otherwise positive sizes")
            }
            if inputs[0].contains(where: { $0 < 0 }) { return a.shape }
            let total = inputs[0].reduce(1, *)
            let known = a.shape.filter { $0 > 0 }.reduce(1, *)
            if a.shape.contains(-1) {
                guard total % known == 0 else { throw fail("cannot reshape \(inputs[0]) to \(a.shape)") }
                return a.shape.map { $0 == -1 ? total / known : $0 }
            }
            guard known == total else { throw fail("cannot reshape \(inputs[0]) to \(a.shape)") }
            return a.shape
        case .zeroPad(let p):
            try expectInputs(1)
            let x = try image()
            return [x.c, x.h < 0 ? -1 : x.h + p.top + p.bottom, x.w < 0 ? -1 : x.w + p.left + p.right]
        case .split(let a):
            try expectInputs(1)
            let x = try image()
            guard a.groups >= 1, a.index >= 0, a.index < a.groups, x.c % a.groups == 0 else {
                throw fail("\(x.c) channels cannot be split into \(a.groups) groups (index \(a.index))")
            }
            return [x.c / a.groups, x.h, x.w]
        }
    }
}

private func compatible(_ a: Int, _ b: Int) -> Bool { a < 0 || b < 0 || a == b }

private func sameShape(_ a: [Int], _ b: [Int]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { compatible($0, $1) }
}
