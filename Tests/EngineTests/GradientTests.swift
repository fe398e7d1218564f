import Engine
import Testing

/// Every op's backward against central finite differences, over random shapes, strides,
/// paddings, dilations and groups.
@Suite struct GradientTests {
    let check = GradientCheck()

    @Test(arguments: [
        // (channels, filters, kernel, stride, padding, dilation, groups, bias, activation)
        (3, 4, 3, 1, Padding.same, 1, 1, true, nil as Activation?),
        (4, 6, 3, 2, .same, 1, 2, true, .swish),
        (3, 5, 5, 2, .explicit(Pads(top: 1, left: 2, bottom: 0, right: 1)), 1, 1, false, nil),
        (2, 3, 3, 1, .valid, 2, 1, true, .sigmoid),
        (4, 4, 1, 1, .valid, 1, 1, true, .mish),
        (6, 4, 1, 2, .valid, 1, 2, false, nil),
        (3, 2, 7, 2, .same, 1, 1, false, .tanh),
    ])
    func conv2d(_ c: Int, _ f: Int, _ k: Int, _ s: Int, _ padding: Padding, _ d: Int, _ groups: Int, _ bias: Bool,
                _ activation: Activation?) throws {
        let op = Op.conv2d(Conv2D(filters: f, kernel: Size2(k), strides: Size2(s), padding: padding, dilations: Size2(d),
                                  groups: groups, useBias: bias, activation: activation))
        let shapes = [[c, 9, 8]]
        try check.check(singleOpGraph(op, inputs: shapes), inputs: randomInputs(batch: 2, shapes))
    }

    @Test(arguments: [(1, 1, Padding.same), (2, 2, .valid), (1, 2, .same)])
    func depthwiseConv(_ multiplier: Int, _ stride: Int, _ padding: Padding) throws {
        // Bias 3 and small weights keep the pre-activations near 3, away from ReLU6's kinks at 0 and 6.
        let op = Op.depthwiseConv2d(DepthwiseConv2D(multiplier: multiplier, kernel: Size2(3), strides: Size2(stride),
                                                    padding: padding, activation: .relu6,
                                                    kernelInitializer: .uniform(min: -0.15, max: 0.15),
                                                    biasInitializer: .constant(3)))
        let shapes = [[3, 7, 6]]
        try check.check(singleOpGraph(op, inputs: shapes), inputs: randomInputs(batch: 2, shapes, seed: 11))
    }

    @Test(arguments: [false, true])
    func batchNorm(_ frozen: Bool) throws {
        let shapes = [[3, 4, 5]]
        let graph = try singleOpGraph(.batchNorm(BatchNorm(epsilon: 1e-3, momentum: 0.9, frozenStatistics: frozen)), inputs: shapes)
        let model = try Model(graph: graph)
        var g = SeededGenerator(seed: 4)
        // Non-trivial gamma, beta and moving statistics.
        model.parameter("y/gamma")!.value = Tensor.uniform([3], min: 0.5, max: 1.5, generator: &g)
        model.parameter("y/beta")!.value = Tensor.normal([3], generator: &g)
        model.parameter("y/moving_mean")!.value = Tensor.normal([3], stddev: 0.3, generator: &g)
        model.parameter("y/moving_variance")!.value = Tensor.uniform([3], min: 0.5, max: 2, generator: &g)
        try check.check(model, inputs: randomInputs(batch: 3, shapes, scale: 2))
    }

    @Test func batchNormOnDenseFeatures() throws {
        var b = GraphBuilder()
        let x = b.input("x0", channels: 6, height: 1, width: 1)
        let flat = b.flatten(x)
        b.batchNorm(flat, name: "y")
        try check.check(b.build(outputs: ["y"]), inputs: randomInputs(batch: 5, [[6, 1, 1]]))
    }

    @Test(arguments: [Activation.relu, .relu6, .leakyRelu(alpha: 0.1), .swish, .mish, .sigmoid, .tanh, .softmax])
    func activation(_ activation: Activation) throws {
        let shape = [4, 3, 5]
        let graph = try singleOpGraph(.activation(activation), inputs: [shape])
        // Spread values (|x| ≥ 0.025 and no value near 6) keep ReLU-family kinks out of reach.
        let x = spreadInput([2] + shape, gap: 0.055)
        try check.check(graph, inputs: ["x0": x])
    }

    @Test(arguments: [(3, 2, Padding.same), (2, 2, .valid), (3, 1, .explicit(Pads(1))), (2, 3, .same)])
    func maxPool(_ k: Int, _ s: Int, _ padding: Padding) throws {
        let shape = [2, 7, 6]
        let graph = try singleOpGraph(.maxPool(Pool2D(kernel: Size2(k), strides: Size2(s), padding: padding)), inputs: [shape])
        try check.check(graph, inputs: ["x0": spreadInput([2] + shape)])
    }

    @Test(arguments: [(3, 2, Padding.same, false), (3, 2, .explicit(Pads(top: 1, left: 0, bottom: 2, right: 1)), true),
                      (2, 2, .valid, false), (7, 7, .same, false)])
    func averagePool(_ k: Int, _ s: Int, _ padding: Padding, _ includePadding: Bool) throws {
        let shape = [2, 7, 6]
        let op = Op.averagePool(Pool2D(kernel: Size2(k), strides: Size2(s), padding: padding, countIncludesPadding: includePadding))
        try check.check(singleOpGraph(op, inputs: [shape]), inputs: randomInputs(batch: 2, [shape]))
    }

    @Test(arguments: [false, true])
    func globalAveragePool(_ keepDims: Bool) throws {
        let shape = [3, 4, 5]
        let graph = try singleOpGraph(.globalAveragePool(GlobalAveragePool(keepDims: keepDims)), inputs: [shape])
        try check.check(graph, inputs: randomInputs(batch: 2, [shape]))
    }

    @Test(arguments: [(Upsample.Mode.nearest, Upsample.CoordinateTransform.asymmetric, 2, 3),
                      (.bilinear, .halfPixel, 2, 2), (.bilinear, .alignCorners, 3, 2), (.bilinear, .asymmetric, 2, 2)])
    func upsample(_ mode: Upsample.Mode, _ transform: Upsample.CoordinateTransform, _ sh: Int, _ sw: Int) throws {
        let shape = [2, 3, 4]
        let op = Op.upsample(Upsample(scale: Size2(sh, sw), mode: mode, coordinateTransform: transform))
        try check.check(singleOpGraph(op, inputs: [shape]), inputs: randomInputs(batch: 2, [shape]))
    }

    @Test func concatAddMultiply() throws {
        let shapes = [[2, 3, 4], [3, 3, 4], [2, 3, 4]]
        try check.check(singleOpGraph(.concat, inputs: shapes), inputs: randomInputs(batch: 2, shapes))
        let same = [[3, 4, 5], [3, 4, 5], [3, 4, 5]]
        try check.check(singleOpGraph(.add, inputs: same), inputs: randomInputs(batch: 2, same))
        let pair = [[3, 4, 5], [3, 4, 5]]
        try check.check(singleOpGraph(.multiply, inputs: pair), inputs: randomInputs(batch: 2, pair))
        let excite = [[3, 4, 5], [3, 1, 1]]
        try check.check(singleOpGraph(.multiply, inputs: excite), inputs: randomInputs(batch: 2, excite))
    }

    @Test(arguments: [nil as Activation?, .softmax, .sigmoid])
    func dense(_ activation: Activation?) throws {
        var b = GraphBuilder()
        let x = b.input("x0", channels: 3, height: 2, width: 2)
        let flat = b.flatten(x)
        b.dense(flat, Dense(units: 5, activation: activation), name: "y")
        try check.check(b.build(outputs: ["y"]), inputs: randomInputs(batch: 3, [[3, 2, 2]]))
    }

    @Test func shapeOps() throws {
        var b = GraphBuilder()
        let x = b.input("x0", channels: 4, height: 3, width: 4)
        let padded = b.zeroPad(x, Pads(top: 1, left: 0, bottom: 2, right: 1))
        let half = b.split(padded, groups: 2, index: 1)
        let reshaped = b.reshape(half, to: [4, -1])
        let flat = b.flatten(reshaped)
        b.dense(flat, Dense(units: 3), name: "y")
        try check.check(b.build(outputs: ["y"]), inputs: randomInputs(batch: 2, [[4, 3, 4]]))
    }

    @Test func residualGraphWithSharedInputs() throws {
        // A node read by several consumers (gradients must sum) and an add of a node with itself.
        var b = GraphBuilder()
        let x = b.input("x0", channels: 3, height: 6, width: 6)
        let c1 = b.conv2d(x, filters: 4, kernel: 3)
        let n1 = b.batchNorm(c1)
        let r1 = b.activation(n1, .tanh)
        let c2 = b.conv2d(r1, filters: 4, kernel: 3, strides: 2)
        let up = b.upsample(c2, Upsample(scale: Size2(2)))
        let sum = b.addition([r1, up, r1])
        let cat = b.concat([sum, r1])
        let pooled = b.globalAveragePool(cat)
        b.dense(pooled, Dense(units: 2), name: "y")
        try check.check(b.build(outputs: ["y"]), inputs: randomInputs(batch: 2, [[3, 6, 6]]))
    }

    @Test func dropoutScalesKeptElementsAndTheirGradients() throws {
        let graph = try singleOpGraph(.dropout(Dropout(rate: 0.5)), inputs: [[2, 8, 8]])
        let model = try Model(graph: graph, seed: 1)
        model.computesInputGradients = true
        let x = Tensor.ones([2, 2, 8, 8])
        let y = try model.forward(["x0": x], mode: .training)["y"]!
        let values = Set(y.scalars)
        #expect(values == [0, 2])
        let kept = y.scalars.filter { $0 == 2 }.count
        #expect(kept > 60 && kept < 196)
        let dx = try model.backward(["y": Tensor.ones(y.shape)])["x0"]!
        #expect(dx.scalars == y.scalars)
        #expect(try model.forward(x).scalars == x.scalars)
    }
}
